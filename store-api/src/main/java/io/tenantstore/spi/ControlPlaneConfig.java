package io.tenantstore.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What a control plane needs to open.
 *
 * @param root    the control-plane root ({@code fsRoot})
 * @param writer  whether this process may write; a reader's writes raise NotLeaderException
 * @param clock   the store's clock
 * @param secrets reads and writes secrets in the files, or {@code null} for {@code ${ENV}} references only
 */
public record ControlPlaneConfig(Path root, boolean writer, Clock clock, @Nullable SecretCodec secrets) {
    /** Rejects nulls. */
    public ControlPlaneConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * A config whose secrets can only be {@code ${ENV}} references.
     *
     * @param root   the control-plane root
     * @param writer whether this process may write
     * @param clock  the store's clock
     */
    public ControlPlaneConfig(Path root, boolean writer, Clock clock) {
        this(root, writer, clock, null);
    }

    /** @return the secret codec, if the store has a keyring */
    public Optional<SecretCodec> secretCodec() {
        return Optional.ofNullable(secrets);
    }
}

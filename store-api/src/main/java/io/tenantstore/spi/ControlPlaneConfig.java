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
 * @param database the control plane kept in the global database, or {@code null} without a globalDb
 * @param source   where the truth is: the files (mirrored to {@code database} when there is one) or
 *                 the database (then the files are not used)
 */
public record ControlPlaneConfig(Path root, boolean writer, Clock clock, @Nullable SecretCodec secrets,
                                 @Nullable ControlPlaneStore database, io.tenantstore.ControlPlaneSource source) {
    /** Rejects nulls, and the database as source without a database. */
    public ControlPlaneConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(source, "source");
        if (source == io.tenantstore.ControlPlaneSource.DATABASE && database == null) {
            throw new io.tenantstore.InvalidInputException("the control-plane source is the database, but no"
                    + " globalDb is configured");
        }
    }

    /**
     * A control plane in files only.
     *
     * @param root    the control-plane root
     * @param writer  whether this process may write
     * @param clock   the store's clock
     * @param secrets the secret codec, or {@code null}
     */
    public ControlPlaneConfig(Path root, boolean writer, Clock clock, @Nullable SecretCodec secrets) {
        this(root, writer, clock, secrets, null, io.tenantstore.ControlPlaneSource.FILES);
    }

    /** @return the global database's control-plane store, if configured */
    public Optional<ControlPlaneStore> databaseStore() {
        return Optional.ofNullable(database);
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

package io.tenantstore.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * What a control plane needs to open.
 *
 * @param root   the control-plane root ({@code fsRoot})
 * @param writer whether this process may write; a reader's writes raise NotLeaderException
 * @param clock  the store's clock
 */
public record ControlPlaneConfig(Path root, boolean writer, Clock clock) {
    /** Rejects nulls. */
    public ControlPlaneConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(clock, "clock");
    }
}

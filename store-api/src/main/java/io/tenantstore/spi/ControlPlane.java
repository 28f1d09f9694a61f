package io.tenantstore.spi;

import java.util.function.Consumer;

import io.tenantstore.ConfigAccess;
import io.tenantstore.HealthReport;

/** An open control plane. Thread-safe. */
public interface ControlPlane extends ConfigAccess, AutoCloseable {
    /**
     * Registers a listener called with a tenant's slug after every write that concerns it (by this
     * process, or by another one when the implementation watches for that).
     *
     * @param listener called on the writing thread; must not block
     */
    void addChangeListener(Consumer<String> listener);

    /**
     * Looks for changes made by other processes since the last call and tells the listeners of
     * each tenant concerned. The store calls it on every maintenance round; Default: nothing
     * (for control planes that only this process writes).
     */
    default void refresh() {
    }

    /** @return whether the control plane can be read */
    HealthReport.Check health();

    /** Releases files and watchers. Idempotent. */
    @Override
    void close();
}

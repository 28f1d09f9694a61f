package io.tenantstore;

import org.jspecify.annotations.Nullable;

/** Which databases a store has besides its YAML control plane (docs/configuration.md). */
public enum OperationalMode {
    /** Control plane only; tenants have data only when their tenant.yaml names a database. */
    FS_ONLY(false, false),
    /** Control plane mirrored to a global database; no default tenant database. */
    FS_GLOBAL_DB(true, false),
    /** Control plane plus a default tenant database. */
    FS_TENANT_DB(false, true),
    /** Control plane, global database and default tenant database. */
    FULL_DB(true, true);

    private final boolean globalDb;
    private final boolean defaultTenantDb;

    OperationalMode(boolean globalDb, boolean defaultTenantDb) {
        this.globalDb = globalDb;
        this.defaultTenantDb = defaultTenantDb;
    }

    /**
     * Picks the mode from what is configured.
     *
     * @param globalDb        the global database, or {@code null}
     * @param defaultTenantDb the default tenant database, or {@code null}
     * @return the mode
     */
    public static OperationalMode detect(@Nullable DbConfig globalDb, @Nullable DbConfig defaultTenantDb) {
        if (globalDb != null) {
            return defaultTenantDb != null ? FULL_DB : FS_GLOBAL_DB;
        }
        return defaultTenantDb != null ? FS_TENANT_DB : FS_ONLY;
    }

    /** @return whether this mode has a global database */
    public boolean hasGlobalDb() {
        return globalDb;
    }

    /** @return whether this mode has a default tenant database */
    public boolean hasDefaultTenantDb() {
        return defaultTenantDb;
    }
}

package io.tenantstore.model;

import java.util.Objects;

import io.tenantstore.DbConfig;

/** Where a tenant's data lives, as written in its tenant.yaml {@code database} key. */
public sealed interface TenantDatabase {
    /** @return the store's default tenant database (tenant.yaml has no {@code database} key) */
    static TenantDatabase useDefault() {
        return UseDefault.INSTANCE;
    }

    /** @return no database at all ({@code database: none}); data-plane calls raise NoDatabaseException */
    static TenantDatabase none() {
        return NoDatabase.INSTANCE;
    }

    /** @param config the tenant's own database @return that placement */
    static TenantDatabase own(DbConfig config) {
        return new Own(config);
    }

    /** The store's default tenant database. */
    enum UseDefault implements TenantDatabase {
        /** The only instance. */
        INSTANCE
    }

    /** No database. */
    enum NoDatabase implements TenantDatabase {
        /** The only instance. */
        INSTANCE
    }

    /**
     * The tenant's own database block.
     *
     * @param config the database
     */
    record Own(DbConfig config) implements TenantDatabase {
        /** Rejects null. */
        public Own {
            Objects.requireNonNull(config, "config");
        }
    }
}

package io.tenantstore.spi;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;

/**
 * A database adapter, discovered through {@code META-INF/services/io.tenantstore.spi.StoreAdapter}
 * and chosen by the {@code driver} name of a {@link io.tenantstore.DbConfig}. Being on the
 * classpath switches nothing on. Implementations are stateless factories and thread-safe.
 */
public interface StoreAdapter {
    /** @return the name configurations use, e.g. {@code postgres} */
    String name();

    /** @return other names accepted for this adapter, e.g. {@code postgresql}; Default: none */
    default Set<String> aliases() {
        return Set.of();
    }

    /**
     * The isolations this adapter can serve. The store refuses any other when a configuration is
     * read or written (an {@link io.tenantstore.UnsupportedIsolationException}), and the conformance
     * suite runs exactly these.
     *
     * @return the supported isolations; Default: {@code database}, {@code schema} and {@code shared}
     */
    default Set<Isolation> isolations() {
        return EnumSet.allOf(Isolation.class);
    }

    /**
     * The data source of one tenant, given the configuration that applies to it (its own, or the
     * store's default). For engines whose databases are files, this is where a relative path is
     * anchored to the control-plane root and where {@code database} isolation picks the tenant's
     * own file; the store then pools, evicts and counts that data source like any other. Called
     * before {@link #connect}, on every cold {@code forTenant}; must not touch the database.
     *
     * @param config           the configuration that applies to the tenant
     * @param tenantSlug       the tenant's slug (validated by the control plane)
     * @param controlPlaneRoot the control plane's root directory
     * @return the tenant's data source; Default: {@code config} unchanged
     * @throws io.tenantstore.InvalidInputException when the configuration cannot be placed
     */
    default DbConfig dataSourceFor(DbConfig config, String tenantSlug, Path controlPlaneRoot) {
        return config;
    }

    /**
     * Opens one data source (one pool). Called once per data source identity by the store's pool
     * registry, never concurrently for the same identity.
     *
     * @param config the data source and the store's services
     * @return the open connection
     * @throws io.tenantstore.UnavailableException  when the database cannot be reached
     * @throws io.tenantstore.InvalidInputException when the config is invalid for this engine
     */
    AdapterConnection connect(AdapterConfig config);

    /**
     * Checks a database block against this engine's rules before it is stored (a tenant is created
     * or updated), without connecting: identifiers, isolations the adapter does not support.
     * Default: nothing beyond what {@link io.tenantstore.DbConfig} checks itself.
     *
     * @param config the tenant's database block
     * @throws io.tenantstore.InvalidInputException naming the bad value
     */
    default void validate(io.tenantstore.DbConfig config) {
    }

    /**
     * Opens the control plane kept in this engine (the store's {@code globalDb}), creating or
     * migrating its tables or collections first. Default: this engine cannot hold the control plane.
     *
     * @param config the global database and the store's services
     * @return the open store
     * @throws io.tenantstore.StoreException with code CONFIGURATION when this engine cannot hold it
     * @throws io.tenantstore.UnavailableException when the database cannot be reached
     */
    default ControlPlaneStore openControlPlaneStore(AdapterConfig config) {
        throw new io.tenantstore.StoreException(io.tenantstore.ErrorCode.CONFIGURATION, "the " + name()
                + " adapter cannot hold the control plane (globalDb); use postgres, mysql or mongodb");
    }
}

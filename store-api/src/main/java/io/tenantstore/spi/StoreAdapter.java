package io.tenantstore.spi;

import java.util.Set;

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
}

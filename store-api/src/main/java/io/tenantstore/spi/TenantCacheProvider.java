package io.tenantstore.spi;

import java.util.Set;

/**
 * A tenant cache implementation, discovered through
 * {@code META-INF/services/io.tenantstore.spi.TenantCacheProvider} and chosen by the {@code driver}
 * name of the store's {@link io.tenantstore.CacheConfig} ({@code memory} is built in). Being on the
 * classpath switches nothing on. Implementations are stateless factories and thread-safe.
 */
public interface TenantCacheProvider {
    /** @return the name configurations use, e.g. {@code redis} */
    String name();

    /** @return other names accepted, e.g. {@code valkey}; Default: none */
    default Set<String> aliases() {
        return Set.of();
    }

    /**
     * Opens the cache a store shares between all its tenants. A server that is down does not fail
     * the open: calls then raise {@link io.tenantstore.UnavailableException}.
     *
     * @param config the cache settings and the store's services
     * @return the open cache; the store closes it when it closes
     * @throws io.tenantstore.InvalidInputException when the config is invalid for this cache
     */
    CacheConnection open(CacheProviderConfig config);
}

package io.tenantstore.core.internal;

import io.tenantstore.CacheConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.spi.CacheConnection;
import io.tenantstore.spi.CacheProviderConfig;
import io.tenantstore.spi.TenantCacheProvider;

/**
 * The built-in {@code memory} cache: entries live in this process only, so {@code setIfAbsent}
 * and {@code getAndDelete} are atomic among this store's callers, not across processes.
 * Stateless and thread-safe.
 */
public final class InMemoryCacheProvider implements TenantCacheProvider {
    @Override
    public String name() {
        return CacheConfig.MEMORY;
    }

    @Override
    public CacheConnection open(CacheProviderConfig config) {
        CacheConfig c = config.cache();
        if (c.url().isPresent() || c.username().isPresent() || c.password().isPresent()) {
            throw new InvalidInputException("cache driver memory takes no url, username or password;"
                    + " for a shared cache use driver redis with tenantstore-redis on the classpath");
        }
        return new InMemoryCache(config.clock(), c.maxEntries());
    }
}

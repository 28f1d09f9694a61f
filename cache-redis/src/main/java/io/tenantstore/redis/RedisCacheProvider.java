package io.tenantstore.redis;

import java.util.Set;

import io.tenantstore.redis.internal.RedisCache;
import io.tenantstore.redis.internal.RedisEndpoint;
import io.tenantstore.spi.CacheConnection;
import io.tenantstore.spi.CacheProviderConfig;
import io.tenantstore.spi.TenantCacheProvider;

/**
 * The {@code redis} tenant cache (alias {@code valkey}): entries on a Redis 6.2+ or Valkey server,
 * so {@code setIfAbsent}, {@code getAndDelete} and {@code deleteByPrefix} are atomic across every
 * process sharing the server and key prefix. One Jedis connection pool serves all tenants of a
 * store; a circuit breaker makes calls fail fast with {@link io.tenantstore.UnavailableException}
 * while the server is down. Discovered with {@link java.util.ServiceLoader}; used only when a
 * store's cache config names it. Stateless and thread-safe.
 */
public final class RedisCacheProvider implements TenantCacheProvider {
    /** The name configurations use. */
    public static final String NAME = "redis";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> aliases() {
        return Set.of("valkey");
    }

    @Override
    public CacheConnection open(CacheProviderConfig config) {
        return new RedisCache(RedisEndpoint.of(config.cache()), config.cache());
    }
}

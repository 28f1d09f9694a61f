package io.tenantstore.redis;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BooleanSupplier;

import io.tenantstore.CacheConfig;
import io.tenantstore.repository.TenantCache;
import io.tenantstore.spi.CacheConnection;
import io.tenantstore.spi.CacheProviderConfig;
import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.testkit.conformance.TenantCacheConformanceSuite;
import org.awaitility.Awaitility;

/**
 * The cache conformance suite (the same tests the in-memory cache passes) against a Redis server;
 * time is the server's, so expiry is awaited by polling.
 */
class RedisCacheConformanceIT extends TenantCacheConformanceSuite {
    private final CacheConnection cache = new RedisCacheProvider().open(new CacheProviderConfig(
            CacheConfig.builder("redis").url(RedisTestServer.url()).keyPrefix("tstest-" + UUID.randomUUID()).build(),
            new FakeClock(java.time.Instant.now()), ForkJoinPool.commonPool()));

    @Override
    protected void close() {
        cache.close();
    }

    @Override
    protected TenantCache cacheFor(String tenantId) {
        return cache.forTenant(tenantId);
    }

    @Override
    protected Duration shortTtl() {
        return Duration.ofMillis(1500);
    }

    @Override
    protected void awaitExpiry(Duration ttl, BooleanSupplier expired) {
        Awaitility.await().atMost(ttl.plusSeconds(5)).pollInterval(Duration.ofMillis(25)).until(expired::getAsBoolean);
    }
}

package io.tenantstore.testkit.conformance;

import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BooleanSupplier;

import io.tenantstore.CacheConfig;
import io.tenantstore.core.internal.InMemoryCacheProvider;
import io.tenantstore.repository.TenantCache;
import io.tenantstore.spi.CacheConnection;
import io.tenantstore.spi.CacheProviderConfig;

/** The cache conformance suite against the built-in {@code memory} cache, time from a fake clock. */
class InMemoryCacheConformanceTest extends TenantCacheConformanceSuite {
    private final FakeClock clock = new FakeClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    private final CacheConnection cache = new InMemoryCacheProvider()
            .open(new CacheProviderConfig(CacheConfig.memory(), clock, ForkJoinPool.commonPool()));

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
        return Duration.ofSeconds(10);
    }

    @Override
    protected void awaitExpiry(Duration ttl, BooleanSupplier expired) {
        clock.advance(ttl);
    }
}

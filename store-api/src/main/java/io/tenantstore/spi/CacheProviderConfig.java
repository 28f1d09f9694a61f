package io.tenantstore.spi;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

import io.tenantstore.CacheConfig;

/**
 * What a cache provider gets to open a cache.
 *
 * @param cache    the cache settings
 * @param clock    the store's clock; an in-process cache takes expiry time from it
 * @param executor the store's executor for background work
 */
public record CacheProviderConfig(CacheConfig cache, Clock clock, Executor executor) {
    /** Rejects nulls. */
    public CacheProviderConfig {
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(executor, "executor");
    }
}

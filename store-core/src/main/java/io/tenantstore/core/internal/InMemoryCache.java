package io.tenantstore.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.tenantstore.HealthReport;
import io.tenantstore.repository.TenantCache;
import io.tenantstore.spi.CacheArguments;
import io.tenantstore.spi.CacheConnection;
import org.jspecify.annotations.Nullable;

/**
 * The store's in-memory cache (cache driver {@code memory}, the default): one bounded Caffeine
 * cache for all tenants, keys namespaced by tenant id, a time to live per entry, time from the
 * injected clock. Atomic inside this process only. Thread-safe.
 */
public final class InMemoryCache implements CacheConnection {
    /** Most entries across all tenants. Default: 100,000. */
    public static final long DEFAULT_MAX_ENTRIES = io.tenantstore.CacheConfig.DEFAULT_MAX_ENTRIES;
    /** Longest key accepted. */
    public static final int MAX_KEY_LENGTH = CacheArguments.MAX_KEY_LENGTH;
    /** Longest time to live accepted: 10 years, far from overflowing millisecond arithmetic. */
    public static final Duration MAX_TTL = CacheArguments.MAX_TTL;
    /** Largest value accepted, in chars. */
    public static final int MAX_VALUE_LENGTH = CacheArguments.MAX_VALUE_LENGTH;

    private final Clock clock;
    private final Cache<Key, Entry> cache;
    private final ConcurrentMap<Key, Entry> map;

    /**
     * @param clock      time source for expiry
     * @param maxEntries most entries kept (least recently used go first)
     */
    public InMemoryCache(Clock clock, long maxEntries) {
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(() -> clock.millis() * 1_000_000L)
                .expireAfter(new Expiry<Key, Entry>() {
                    @Override
                    public long expireAfterCreate(Key k, Entry e, long now) {
                        return remainingNanos(e);
                    }

                    @Override
                    public long expireAfterUpdate(Key k, Entry e, long now, long current) {
                        return remainingNanos(e);
                    }

                    @Override
                    public long expireAfterRead(Key k, Entry e, long now, long current) {
                        return current;
                    }
                })
                .build();
        this.map = cache.asMap();
    }

    private long remainingNanos(Entry e) {
        return Math.max(0, (e.expiresAtMillis - clock.millis())) * 1_000_000L;
    }

    /**
     * @param tenantId the tenant whose namespace to use
     * @return a view that can only reach that tenant's keys
     */
    @Override
    public TenantCache forTenant(String tenantId) {
        return new Namespace(tenantId);
    }

    @Override
    public HealthReport.Check health() {
        return new HealthReport.Check("cache memory", true, cache.estimatedSize() + " entries");
    }

    /** Drops every entry. */
    @Override
    public void close() {
        cache.invalidateAll();
    }

    private record Key(String tenantId, String key) {
    }

    private record Entry(String value, long expiresAtMillis) {
    }

    private final class Namespace implements TenantCache {
        private final String tenantId;

        Namespace(String tenantId) {
            this.tenantId = tenantId;
        }

        private Key key(String key) {
            return new Key(tenantId, CacheArguments.key(key));
        }

        private Entry entry(String value, Duration ttl) {
            CacheArguments.value(value);
            return new Entry(value, clock.millis() + CacheArguments.ttlMillis(ttl));
        }

        private boolean live(@Nullable Entry e) {
            return e != null && clock.millis() < e.expiresAtMillis;
        }

        @Override
        public Optional<String> get(String key) {
            Entry e = map.get(key(key));
            return live(e) ? Optional.of(e.value) : Optional.empty();
        }

        @Override
        public void set(String key, String value, Duration ttl) {
            map.put(key(key), entry(value, ttl));
        }

        @Override
        public boolean delete(String key) {
            Entry e = map.remove(key(key));
            return live(e);
        }

        @Override
        public boolean exists(String key) {
            return live(map.get(key(key)));
        }

        @Override
        public boolean setIfAbsent(String key, String value, Duration ttl) {
            Entry fresh = entry(value, ttl);
            boolean[] stored = {false};
            map.compute(key(key), (k, old) -> {
                if (live(old)) {
                    return old;
                }
                stored[0] = true;
                return fresh;
            });
            return stored[0];
        }

        @Override
        public Optional<String> getAndDelete(String key) {
            Entry e = map.remove(key(key));
            return live(e) ? Optional.of(e.value) : Optional.empty();
        }

        @Override
        public int deleteByPrefix(String prefix) {
            CacheArguments.prefix(prefix);
            AtomicInteger removed = new AtomicInteger();
            for (Key k : map.keySet()) {
                if (k.tenantId.equals(tenantId) && k.key.startsWith(prefix)) {
                    Entry e = map.remove(k);
                    if (live(e)) {
                        removed.incrementAndGet();
                    }
                }
            }
            return removed.get();
        }
    }
}

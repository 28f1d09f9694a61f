package io.tenantstore;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a store's pools and caches.
 *
 * @param pools          one entry per open pool
 * @param cachedTenants  tenant accesses held warm
 * @param tenantEvictions tenant accesses dropped (idle, invalidated, pool evicted) since start
 * @param poolEvictions  pools closed (idle or failed health check) since start
 */
public record StoreStats(List<PoolStats> pools, int cachedTenants, long tenantEvictions, long poolEvictions) {
    /** Copies the list. */
    public StoreStats {
        pools = List.copyOf(pools);
    }

    /**
     * One pool.
     *
     * @param key          data source identity (driver, URL, user), never a password
     * @param tenants      tenants currently bound to it
     * @param active       connections in use
     * @param idle         connections idle
     * @param pending      callers waiting for a connection
     * @param createdAt    when the pool was created
     * @param lastUsedAt   when a tenant last used it
     * @param breakerState the data source's circuit breaker: CLOSED, OPEN or HALF_OPEN
     */
    public record PoolStats(String key, int tenants, int active, int idle, int pending, Instant createdAt,
                            Instant lastUsedAt, String breakerState) {
    }
}

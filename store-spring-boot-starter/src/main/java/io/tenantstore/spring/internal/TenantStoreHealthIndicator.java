package io.tenantstore.spring.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.HealthReport;
import io.tenantstore.StoreStats;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator health of a store: the control plane and every open pool as {@link DataAccessLayer#health()}
 * checks them, with each pool's connections, tenants and circuit-breaker state from
 * {@link DataAccessLayer#stats()}. DOWN when a check fails or a breaker is not CLOSED. Thread-safe.
 */
public final class TenantStoreHealthIndicator implements HealthIndicator {
    private static final String POOL_PREFIX = "pool ";
    private final DataAccessLayer store;

    /** @param store the store to check */
    public TenantStoreHealthIndicator(DataAccessLayer store) {
        this.store = store;
    }

    @Override
    public Health health() {
        HealthReport report = store.health();
        StoreStats stats = store.stats();
        boolean up = report.healthy();
        Map<String, Object> controlPlane = new LinkedHashMap<>();
        Map<String, Map<String, Object>> pools = new LinkedHashMap<>();
        for (HealthReport.Check check : report.checks()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("healthy", check.healthy());
            entry.put("detail", check.detail());
            if (check.name().startsWith(POOL_PREFIX)) {
                pools.put(check.name().substring(POOL_PREFIX.length()), entry);
            } else {
                controlPlane.put(check.name(), entry);
            }
        }
        for (StoreStats.PoolStats pool : stats.pools()) {
            Map<String, Object> entry = pools.computeIfAbsent(pool.key(), k -> new LinkedHashMap<>());
            entry.put("tenants", pool.tenants());
            entry.put("active", pool.active());
            entry.put("idle", pool.idle());
            entry.put("pending", pool.pending());
            entry.put("breaker", pool.breakerState());
            if (!"CLOSED".equals(pool.breakerState())) {
                up = false;
            }
        }
        return (up ? Health.up() : Health.down())
                .withDetail("mode", store.mode().name())
                .withDetail("controlPlane", controlPlane)
                .withDetail("pools", pools)
                .withDetail("cachedTenants", stats.cachedTenants())
                .build();
    }
}

package io.tenantstore.core.internal;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantstore.StoreStats;

/**
 * Micrometer meters of a store, read from its {@code stats()} when scraped. The only class of the
 * store that refers to Micrometer; loaded only when a registry is configured. Thread-safe.
 */
final class MicrometerStoreMeters {
    private MicrometerStoreMeters() {
    }

    /**
     * @param registry a {@code MeterRegistry}
     * @param store    the store whose statistics the meters read (held weakly by Micrometer)
     */
    static void bind(Object registry, DefaultDataAccessLayer store) {
        MeterRegistry r = (MeterRegistry) registry;
        gauge(r, store, "tenantstore.pools", "Open connection pools", s -> s.pools().size());
        gauge(r, store, "tenantstore.tenants.cached", "Tenant accesses held warm", StoreStats::cachedTenants);
        gauge(r, store, "tenantstore.connections.active", "Connections in use, all pools",
                s -> s.pools().stream().mapToInt(StoreStats.PoolStats::active).sum());
        gauge(r, store, "tenantstore.connections.idle", "Idle connections, all pools",
                s -> s.pools().stream().mapToInt(StoreStats.PoolStats::idle).sum());
        gauge(r, store, "tenantstore.connections.pending", "Callers waiting for a connection, all pools",
                s -> s.pools().stream().mapToInt(StoreStats.PoolStats::pending).sum());
        Gauge.builder("tenantstore.breakers.open", store,
                        st -> st.breakers().values().stream().filter(b -> b != CircuitBreaker.State.CLOSED).count())
                .description("Data sources whose circuit breaker is open or half-open")
                .register(r);
        FunctionCounter.builder("tenantstore.tenant.evictions", store, st -> st.stats().tenantEvictions())
                .description("Tenant accesses dropped (idle, invalidated, pool evicted)")
                .register(r);
        FunctionCounter.builder("tenantstore.pool.evictions", store, st -> st.stats().poolEvictions())
                .description("Pools closed (idle or failed health check)")
                .register(r);
        for (DefaultDataAccessLayer.MaintenanceStep step : DefaultDataAccessLayer.MaintenanceStep.values()) {
            FunctionCounter.builder("tenantstore.maintenance.failures", store,
                            st -> st.maintenanceFailures().getOrDefault(step, 0L))
                    .description("Maintenance steps that failed (each step runs even when another fails)")
                    .tag("step", step.name().toLowerCase(java.util.Locale.ROOT))
                    .register(r);
        }
    }

    private static void gauge(MeterRegistry r, DefaultDataAccessLayer store, String name, String description,
                              ToDoubleFunction<StoreStats> read) {
        Gauge.builder(name, store, st -> read.applyAsDouble(st.stats())).description(description).register(r);
    }
}

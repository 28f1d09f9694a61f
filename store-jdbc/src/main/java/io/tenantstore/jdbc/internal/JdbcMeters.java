package io.tenantstore.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantstore.core.support.ProbingBreaker;

/**
 * Micrometer meters of one JDBC data source: HikariCP's own pool meters ({@code hikaricp.connections.*},
 * tagged {@code pool}), and the breaker's ({@code tenantstore.datasource.breaker.open}, a gauge
 * 0/1, and {@code tenantstore.datasource.probes} tagged {@code result=answered|failed}), tagged
 * {@code pool} with the pool's name. Only loaded when the store has a registry, so Micrometer stays
 * optional. Thread-safe.
 */
final class JdbcMeters {
    private JdbcMeters() {
    }

    /**
     * @param registry a {@code MeterRegistry}
     * @param hc       the pool's configuration, before the pool starts
     */
    static void trackPool(Object registry, HikariConfig hc) {
        hc.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory((MeterRegistry) registry));
    }

    /**
     * @param registry a {@code MeterRegistry}
     * @param poolName the pool's name (the tag)
     * @param state    reads whether the breaker is open
     * @return the listener to give the breaker; close it with the pool to remove the meters
     */
    static BreakerMeters breaker(Object registry, String poolName, java.util.function.BooleanSupplier state) {
        MeterRegistry r = (MeterRegistry) registry;
        Gauge open = Gauge.builder("tenantstore.datasource.breaker.open", state, s -> s.getAsBoolean() ? 1 : 0)
                .description("1 while the data source refuses calls because its database is down")
                .tag("pool", poolName).strongReference(true).register(r);
        Counter answered = Counter.builder("tenantstore.datasource.probes").tag("pool", poolName)
                .tag("result", "answered").description("Probes of a down data source").register(r);
        Counter failed = Counter.builder("tenantstore.datasource.probes").tag("pool", poolName)
                .tag("result", "failed").description("Probes of a down data source").register(r);
        return new BreakerMeters() {
            @Override
            public void probed(boolean ok) {
                (ok ? answered : failed).increment();
            }

            @Override
            public void close() {
                r.remove(open);
                r.remove(answered);
                r.remove(failed);
            }
        };
    }

    /** The breaker's meters, removed from the registry by {@link #close()}. */
    interface BreakerMeters extends ProbingBreaker.Listener, AutoCloseable {
        @Override
        void close();
    }
}

package io.tenantstore.bench;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.core.Argon2idPasswordHasher;
import io.tenantstore.postgres.PostgresAdapter;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A fleet of schemas that are all current: preparing each through the adapter (one history
 * query, Flyway not started) against the baseline of calling Flyway {@code migrate()} per schema
 * (target: at least 10× faster). One pass over the fleet per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class FleetMigrateBenchmark {
    /** Schemas in the fleet. */
    @Param("200")
    public int schemas;

    private DbConfig db;
    private TestDatabase server;
    private String url;
    private final List<TenantScope> scopes = new ArrayList<>();

    /** Creates the database and migrates every schema once. */
    @Setup(Level.Trial)
    public void createFleet() {
        server = TestDatabases.postgres();
        url = server.createDatabase("bench_fleet_" + UUID.randomUUID().toString().substring(0, 8));
        db = DbConfig.builder("postgres", url).isolation(Isolation.SCHEMA).username(server.username()).build();
        for (int i = 0; i < schemas; i++) {
            scopes.add(new TenantScope(UUID.randomUUID().toString(), "t" + i, Isolation.SCHEMA, "t_fleet_" + i));
        }
        try (AdapterConnection c = connect()) {
            scopes.forEach(c::bind);
        }
    }

    private AdapterConnection connect() {
        return new PostgresAdapter().connect(new AdapterConfig(db, Clock.systemUTC(), Runnable::run,
                Argon2idPasswordHasher.defaults(), List.of()));
    }

    /** Nothing to undo: the database is throwaway. */
    @TearDown(Level.Trial)
    public void done() {
        scopes.clear();
    }

    /** @return schemas prepared by a fresh adapter connection (a restarted process) */
    @Benchmark
    public int tenantStorePrepare() {
        try (AdapterConnection c = connect()) {
            scopes.forEach(c::bind);
        }
        return scopes.size();
    }

    /** @return schemas passed to Flyway {@code migrate()} one by one, the baseline */
    @Benchmark
    public int flywayMigratePerSchema() {
        int executed = 0;
        for (TenantScope s : scopes) {
            executed += Flyway.configure(FleetMigrateBenchmark.class.getClassLoader())
                    .dataSource(url, server.username(), server.password() == null ? "" : server.password())
                    .schemas(s.schema()).table("ts_schema_history")
                    .locations("classpath:db/tenantstore/postgresql")
                    .baselineOnMigrate(true).baselineVersion("0")
                    .load().migrate().migrationsExecuted;
        }
        return executed;
    }
}

package io.tenantstore.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of the escape hatch: a connection from a {@code schema} tenant's
 * {@code unwrap(DataSource.class)} (checkout sets the search path; return rolls back,
 * {@code DISCARD ALL} and checks for prepared transactions) against a plain HikariCP checkout on
 * the same PostgreSQL database, both running one {@code SELECT 1} so the figure is per use, not
 * per empty borrow. The repositories do not pay it: they use the pool directly. Not thread-safe
 * (JMH state).
 */
@State(Scope.Benchmark)
// three JVMs: one compiles and lays out the code its own way, and both sides of a ratio shift with it
@Fork(3)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EscapeHatchBenchmark {
    private DataAccessLayer store;
    private DataSource unwrapped;
    private HikariDataSource plain;

    /** Creates a database, a schema tenant on it, and a plain pool on the same database. */
    @Setup(Level.Trial)
    public void open() throws Exception {
        TestDatabase server = TestDatabases.postgres();
        String url = server.createDatabase("bench_hatch_" + UUID.randomUUID().toString().substring(0, 8));
        Path dir = Files.createTempDirectory("tenantstore-bench-");
        store = TenantStore.builder().fsRoot(dir).noBackgroundMaintenance()
                .defaultTenantDb(DbConfig.builder("postgres", url).isolation(Isolation.SCHEMA)
                        .username(server.username()).build())
                .build();
        store.config().tenants().create(NewTenant.of("acme", "Acme"));
        unwrapped = store.forTenant("acme").unwrap(DataSource.class);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(server.username());
        if (server.password() != null) {
            hc.setPassword(server.password());
        }
        hc.setMaximumPoolSize(10);
        plain = new HikariDataSource(hc);
    }

    /** Closes both. */
    @TearDown(Level.Trial)
    public void close() {
        plain.close();
        store.close();
    }

    /** @return one query on a connection from the tenant's unwrapped data source */
    @Benchmark
    public int unwrappedCheckoutQueryReturn() throws SQLException {
        return selectOne(unwrapped);
    }

    /** @return one query on a plain pool connection */
    @Benchmark
    public int plainCheckoutQueryReturn() throws SQLException {
        return selectOne(plain);
    }

    private static int selectOne(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

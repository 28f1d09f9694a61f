package io.tenantstore.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import io.tenantstore.model.UserProfile;
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
 * {@code users().getById} against the same query written by hand with JDBC on a plain HikariCP
 * pool of the same size on the same database, on PostgreSQL from {@link TestDatabases}
 * (target: at most 1.10×). Both map the row to a {@link User}.
 */
@State(Scope.Benchmark)
// three JVMs: one compiles and lays out the code its own way, and both sides of a ratio shift with it
@Fork(3)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RepositoryCallBenchmark {
    /** The statement the repository runs, the same 18 columns (the peer harness's, kept in one place). */
    private static final String SQL = PeerHarness.BY_ID;

    private DataAccessLayer store;
    private TenantDataAccess tenant;
    private HikariDataSource pool;
    private String userId;
    private UUID tenantUuid;
    private UUID userUuid;

    /** Creates a database, a tenant on it and one user. */
    @Setup(Level.Trial)
    public void open() throws Exception {
        TestDatabase server = TestDatabases.postgres();
        String url = server.createDatabase("bench_" + UUID.randomUUID().toString().substring(0, 8));
        Path dir = Files.createTempDirectory("tenantstore-bench-");
        store = TenantStore.builder().fsRoot(dir).noBackgroundMaintenance()
                .defaultTenantDb(DbConfig.builder("postgres", url).isolation(Isolation.DATABASE)
                        .username(server.username()).build())
                .build();
        store.config().tenants().create(NewTenant.of("acme", "Acme"));
        tenant = store.forTenant("acme");
        // the baseline is a plain pool on the same database: the tenant's unwrap(DataSource) now
        // pays a session reset per connection, which the repositories do not
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(server.username());
        if (server.password() != null) {
            hc.setPassword(server.password());
        }
        hc.setMaximumPoolSize(io.tenantstore.PoolSettings.DEFAULTS.maxSize());
        pool = new HikariDataSource(hc);
        userId = tenant.users().create(NewUser.of("ana@acme.io", null)).id();
        tenantUuid = UUID.fromString(tenant.id());
        userUuid = UUID.fromString(userId);
    }

    /** Closes the store. */
    @TearDown(Level.Trial)
    public void close() {
        pool.close();
        store.close();
    }

    /** @return the user, through the repository */
    @Benchmark
    public User repositoryGetById() {
        return tenant.users().getById(userId).orElseThrow();
    }

    /** @return the user, through hand-written JDBC on a plain pool */
    @Benchmark
    public User handWrittenJdbc() throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setObject(1, tenantUuid);
            ps.setObject(2, userUuid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                // mapped as the repository maps it: every column, the profile included
                Instant disabledAt = instant(rs.getObject(5, OffsetDateTime.class));
                User.Disablement disabled = disabledAt == null ? null : new User.Disablement(disabledAt,
                        rs.getString(6), rs.getString(7), instant(rs.getObject(8, OffsetDateTime.class)));
                UserProfile profile = new UserProfile(rs.getString(11), rs.getString(12), rs.getString(13),
                        rs.getString(14), rs.getString(15), rs.getString(16), rs.getBoolean(17), rs.getString(18));
                return new User(rs.getObject(1, UUID.class).toString(), rs.getString(2), rs.getBoolean(3),
                        rs.getString(4), disabled, instant(rs.getObject(9, OffsetDateTime.class)),
                        instant(rs.getObject(10, OffsetDateTime.class)), profile);
            }
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

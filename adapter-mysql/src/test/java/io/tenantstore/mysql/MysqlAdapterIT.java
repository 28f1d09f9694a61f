package io.tenantstore.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.tenantstore.ConflictException;
import io.tenantstore.DbConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.MigrationException;
import io.tenantstore.PoolSettings;
import io.tenantstore.UnavailableException;
import io.tenantstore.jdbc.SqlFailure;
import io.tenantstore.model.NewRefreshToken;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter's connection on a real server: errors, contention, time, text, migrations, unwrapping. */
class MysqlAdapterIT {
    private final List<String> databases = new ArrayList<>();
    /**
     * 03:00 on 2030-09-29 does not exist in Pacific/Chatham, the zone failsafe runs these tests in
     * (the clocks jump from 02:45 to 03:45): stored as UTC wall clock it must stay 03:00, where any
     * conversion through the JVM's zone would move it.
     */
    private final FakeClock clock = new FakeClock(Instant.parse("2030-09-29T03:00:00.123456Z"));
    private String database;

    @BeforeEach
    void createDatabase() {
        database = MysqlTestSupport.createDatabase("my_it_adapter");
        databases.add(database);
    }

    @AfterEach
    void dropDatabases() {
        MysqlTestSupport.dropDatabases(databases.toArray(String[]::new));
    }

    private AdapterConnection connect(DbConfig db, List<String> locations) {
        return new MysqlAdapter().connect(new AdapterConfig(db, clock, Runnable::run, new FakePasswordHasher(),
                locations));
    }

    private AdapterConnection connect(Isolation isolation, PoolSettings pool) {
        return connect(MysqlTestSupport.config(database, isolation, false).pool(pool).build(), List.of());
    }

    private String schema(String prefix) {
        String name = MysqlTestSupport.uniqueName(prefix);
        databases.add(name);
        return name;
    }

    private static TenantScope scope(Isolation isolation, String schema) {
        return new TenantScope(UUID.randomUUID().toString(), "acme", isolation, schema);
    }

    private static UnavailableException.Reason reason(Throwable e) {
        return ((UnavailableException) e).reason();
    }

    private static String text(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                return rs.getString(1);
            }
        }
    }

    @Test
    void anUnreachableServerIsDatabaseDown() {
        DbConfig db = DbConfig.builder("mysql", "jdbc:mysql://127.0.0.1:1/nothing")
                .pool(new PoolSettings(1, 0, Duration.ofMillis(500))).build();
        assertThatThrownBy(() -> connect(db, List.of()))
                .isInstanceOf(UnavailableException.class)
                .satisfies(e -> assertThat(reason(e)).isEqualTo(UnavailableException.Reason.DATABASE_DOWN));
    }

    @Test
    void aCallThatFindsEveryConnectionBusyIsPoolExhausted() throws SQLException {
        try (AdapterConnection c = connect(Isolation.DATABASE, new PoolSettings(1, 0, Duration.ofMillis(250)))) {
            TenantRepositories t = c.bind(scope(Isolation.DATABASE, null));
            try (Connection held = t.unwrap(DataSource.class).orElseThrow().getConnection()) {
                assertThat(held.isValid(1)).isTrue();
                assertThatThrownBy(() -> t.users().getById(UUID.randomUUID().toString()))
                        .isInstanceOf(UnavailableException.class)
                        .satisfies(e -> assertThat(reason(e)).isEqualTo(UnavailableException.Reason.POOL_EXHAUSTED));
            }
            assertThat(t.users().getById(UUID.randomUUID().toString())).isEmpty();
        }
    }

    @Test
    void aMalformedSchemaOrTenantIdIsRejectedBeforeAnySqlRuns() {
        AdapterConnection c = connect(Isolation.SCHEMA, PoolSettings.DEFAULTS);
        // closed: any statement would fail with CLOSED, so an InvalidInputException proves none ran
        c.close();
        assertThatThrownBy(() -> c.bind(scope(Isolation.SCHEMA, "x`; DROP DATABASE mysql; --")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("x`; DROP DATABASE mysql; --");
        assertThatThrownBy(() -> c.bind(scope(Isolation.SCHEMA, "Acme"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> c.bind(scope(Isolation.SCHEMA, "a".repeat(64))))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> c.bind(new TenantScope("tenant-1", "acme", Isolation.SHARED, null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tenant-1");
        assertThatThrownBy(() -> c.bind(scope(Isolation.SCHEMA, "t_acme")))
                .isInstanceOf(UnavailableException.class)
                .satisfies(e -> assertThat(reason(e)).isEqualTo(UnavailableException.Reason.CLOSED));
    }

    @Test
    void aDuplicateEmailIsAConflictNamingTheEmailWithTheServersErrorAsCause() {
        try (AdapterConnection c = connect(Isolation.SHARED, PoolSettings.DEFAULTS)) {
            TenantRepositories t = c.bind(scope(Isolation.SHARED, null));
            t.users().create(NewUser.of("Ana@Acme.io", null));
            assertThatThrownBy(() -> t.users().create(NewUser.of("ana@acme.io", null)))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("ana@acme.io")
                    .cause().isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1062));
            assertThatThrownBy(() -> t.tokens().create(new NewRefreshToken("h1", UUID.randomUUID().toString(), "web",
                    List.of("openid"), Duration.ofHours(1))))
                    .isInstanceOf(io.tenantstore.NotFoundException.class)
                    .cause().satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1452));
        }
    }

    @Test
    void textComparesCodePointExactlyLikePostgresqlExceptTheLowerCasedEmail() {
        try (AdapterConnection c = connect(Isolation.SHARED, PoolSettings.DEFAULTS)) {
            TenantRepositories t = c.bind(scope(Isolation.SHARED, null));
            // distinct under utf8mb4_bin; one key under the servers' default (accent-)insensitive collations
            User andre = t.users().create(NewUser.of("andre@acme.io", null));
            User andreAccent = t.users().create(NewUser.of("andré@acme.io", null));
            assertThat(t.users().getByEmail("ANDRÉ@acme.io").orElseThrow().user().id()).isEqualTo(andreAccent.id());
            assertThat(t.users().getByEmail("andre@acme.io").orElseThrow().user().id()).isEqualTo(andre.id());
            t.tokens().create(new NewRefreshToken("TokenHashAbc", andre.id(), "web", List.of("openid"),
                    Duration.ofHours(1)));
            t.tokens().create(new NewRefreshToken("tokenhashabc", andre.id(), "web", List.of("openid"),
                    Duration.ofHours(1)));
            assertThat(t.tokens().getByHash("TokenHashAbc").orElseThrow().tokenHash()).isEqualTo("TokenHashAbc");
            assertThat(t.tokens().getByHash("tokenhashabc").orElseThrow().tokenHash()).isEqualTo("tokenhashabc");
            assertThat(t.tokens().getByHash("TOKENHASHABC")).isEmpty();
            // four-byte characters survive the round trip (utf8mb4, not utf8mb3)
            User emoji = t.users().create(new NewUser("emoji@acme.io", null, "Ana \uD83D\uDE80", false));
            assertThat(t.users().getById(emoji.id()).orElseThrow().displayName()).isEqualTo("Ana \uD83D\uDE80");
        }
    }

    @Test
    void timesAreStoredAsUtcWallClockOnSessionsPinnedToUtc() throws SQLException {
        try (AdapterConnection c = connect(Isolation.DATABASE, PoolSettings.DEFAULTS)) {
            TenantRepositories t = c.bind(scope(Isolation.DATABASE, null));
            User u = t.users().create(NewUser.of("ana@acme.io", null));
            assertThat(u.createdAt()).isEqualTo(Instant.parse("2030-09-29T03:00:00.123456Z"));
            assertThat(t.users().getById(u.id()).orElseThrow().createdAt()).isEqualTo(u.createdAt());
            try (Connection raw = t.unwrap(DataSource.class).orElseThrow().getConnection()) {
                assertThat(text(raw, "SELECT @@session.time_zone", null)).isEqualTo("+00:00");
                assertThat(text(raw, "SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s.%f') FROM ts_users"
                        + " WHERE id = ?", u.id())).isEqualTo("2030-09-29 03:00:00.123456");
            }
        }
    }

    @Test
    void schemaTenantsAreReachedByQualifiedNamesWithoutSwitchingThePooledConnection() throws SQLException {
        String acme = schema("my_it_acme");
        try (AdapterConnection c = connect(Isolation.SCHEMA, new PoolSettings(1, 0, Duration.ofSeconds(5)))) {
            TenantRepositories t = c.bind(scope(Isolation.SCHEMA, acme));
            User u = t.users().create(NewUser.of("ana@acme.io", null));
            try (Connection raw = t.unwrap(DataSource.class).orElseThrow().getConnection()) {
                // the application's connection has the tenant's database as its default
                assertThat(text(raw, "SELECT DATABASE()", null)).isEqualTo(acme);
                assertThat(text(raw, "SELECT email FROM `" + acme + "`.ts_users WHERE id = ?", u.id()))
                        .isEqualTo("ana@acme.io");
                assertThat(text(raw, "SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.schemata"
                        + " WHERE schema_name = ?", acme)).isNotBlank();
            }
            // the one pooled connection still points at the pool's database for everyone else
            TenantRepositories d = c.bind(scope(Isolation.DATABASE, null));
            try (Connection raw = d.unwrap(DataSource.class).orElseThrow().getConnection()) {
                assertThat(text(raw, "SELECT DATABASE()", null)).isEqualTo(database);
            }
            assertThat(t.users().getById(u.id())).isPresent();
        }
    }

    @Test
    void aLockHeldLongerThanTheRetriesIsContentionAndTheCallWorksOnceItIsReleased() throws SQLException {
        DbConfig db = MysqlTestSupport.config(database, Isolation.DATABASE, false)
                .property("sessionVariables", "innodb_lock_wait_timeout=1").build();
        try (AdapterConnection c = connect(db, List.of())) {
            TenantRepositories t = c.bind(scope(Isolation.DATABASE, null));
            User u = t.users().create(NewUser.of("ana@acme.io", null));
            try (Connection holder = t.unwrap(DataSource.class).orElseThrow().getConnection()) {
                holder.setAutoCommit(false);
                text(holder, "SELECT id FROM ts_users WHERE id = ? FOR UPDATE", u.id());
                // a single statement, retried in auto-commit
                assertThatThrownBy(() -> t.users().delete(u.id()))
                        .isInstanceOf(UnavailableException.class)
                        .satisfies(e -> assertThat(reason(e)).isEqualTo(UnavailableException.Reason.CONTENTION))
                        .cause().satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1205));
                // a transaction (update, then re-read: no RETURNING), retried whole
                assertThatThrownBy(() -> t.users().setEmailVerified(u.id(), true))
                        .isInstanceOf(UnavailableException.class)
                        .satisfies(e -> assertThat(reason(e)).isEqualTo(UnavailableException.Reason.CONTENTION));
                holder.rollback();
            }
            assertThat(t.users().setEmailVerified(u.id(), true).emailVerified()).isTrue();
            assertThat(t.users().delete(u.id())).isTrue();
        }
    }

    @Test
    void aRealDeadlockIsClassifiedAsContention() throws Exception {
        List<String> ids = new ArrayList<>();
        TenantScope scope = scope(Isolation.DATABASE, null);
        try (AdapterConnection c = connect(Isolation.DATABASE, PoolSettings.DEFAULTS)) {
            TenantRepositories t = c.bind(scope);
            ids.add(t.users().create(NewUser.of("a@acme.io", null)).id());
            ids.add(t.users().create(NewUser.of("b@acme.io", null)).id());
        }
        // by the whole primary key: a scan would lock every row it passes
        String lock = "SELECT id FROM ts_users WHERE tenant_id = '" + scope.tenantId() + "' AND id = ? FOR UPDATE";
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Connection one = MysqlTestSupport.open(database); Connection two = MysqlTestSupport.open(database)) {
            one.setAutoCommit(false);
            two.setAutoCommit(false);
            text(one, lock, ids.get(0));
            text(two, lock, ids.get(1));
            // each now asks for the other's row: whichever asks second closes the cycle, and the
            // server picks a victim at once
            CountDownLatch go = new CountDownLatch(1);
            Future<SQLException> first = threads.submit(() -> crossLock(go, one, lock, ids.get(1)));
            Future<SQLException> second = threads.submit(() -> crossLock(go, two, lock, ids.get(0)));
            go.countDown();
            SQLException e1 = first.get(30, TimeUnit.SECONDS);
            SQLException e2 = second.get(30, TimeUnit.SECONDS);
            assertThat(e1 == null ^ e2 == null).as("exactly one victim").isTrue();
            SQLException victim = e1 != null ? e1 : e2;
            assertThat(victim.getErrorCode()).isEqualTo(1213);
            assertThat(MysqlDialect.INSTANCE.classify(victim).kind()).isEqualTo(SqlFailure.Kind.CONTENTION);
            one.rollback();
            two.rollback();
        } finally {
            threads.shutdownNow();
        }
    }

    private static SQLException crossLock(CountDownLatch go, Connection c, String sql, String id) throws Exception {
        go.await();
        try {
            text(c, sql, id);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    @Test
    void applicationMigrationsRunPerTargetAfterTenantStoresAndTheJdbiQualifiesItsTables() {
        String acmeSchema = schema("my_it_acme");
        String globexSchema = schema("my_it_globex");
        DbConfig db = MysqlTestSupport.config(database, Isolation.SCHEMA, false).build();
        try (AdapterConnection c = connect(db, List.of("classpath:db/it/app"))) {
            TenantScope acme = scope(Isolation.SCHEMA, acmeSchema);
            TenantRepositories t = c.bind(acme);
            c.bind(scope(Isolation.SCHEMA, globexSchema));
            Jdbi jdbi = t.unwrap(Jdbi.class).orElseThrow();
            String tenant = acme.tenantId();
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO <schemaPrefix>app_orders (tenant_id, id, total)"
                    + " VALUES (:t, 1, 990)").bind("t", tenant).execute());
            long total = jdbi.withHandle(h -> h.createQuery("SELECT total FROM <schemaPrefix>app_orders WHERE"
                    + " tenant_id = :t").bind("t", tenant).mapTo(Long.class).one());
            assertThat(total).isEqualTo(990);
            List<String> tables = jdbi.withHandle(h -> h.createQuery("SELECT CONCAT(table_schema, '.', table_name)"
                    + " FROM information_schema.tables WHERE table_name IN ('ts_schema_history',"
                    + " 'flyway_schema_history', 'app_orders') AND table_schema IN (:a, :g) ORDER BY 1")
                    .bind("a", acmeSchema).bind("g", globexSchema).mapTo(String.class).list());
            assertThat(tables).containsExactly(acmeSchema + ".app_orders", acmeSchema + ".flyway_schema_history",
                    acmeSchema + ".ts_schema_history", globexSchema + ".app_orders",
                    globexSchema + ".flyway_schema_history", globexSchema + ".ts_schema_history");
        }
    }

    @Test
    void aMissingApplicationLocationFailsTheBindAndIsNotRemembered() {
        DbConfig db = MysqlTestSupport.config(database, Isolation.SCHEMA, false).build();
        try (AdapterConnection c = connect(db, List.of("classpath:db/it/does-not-exist"))) {
            TenantScope acme = scope(Isolation.SCHEMA, schema("my_it_acme"));
            assertThatThrownBy(() -> c.bind(acme)).isInstanceOf(MigrationException.class)
                    .hasMessageContaining(acme.schema());
            assertThatThrownBy(() -> c.bind(acme)).isInstanceOf(MigrationException.class);
        }
    }

    @Test
    void unwrapOffersJdbiAndDataSourceOnly() {
        try (AdapterConnection c = connect(Isolation.DATABASE, PoolSettings.DEFAULTS)) {
            TenantRepositories t = c.bind(scope(Isolation.DATABASE, null));
            assertThat(t.unwrap(Jdbi.class)).isPresent();
            assertThat(t.unwrap(Jdbi.class).orElseThrow()).isSameAs(t.unwrap(Jdbi.class).orElseThrow());
            DataSource ds = t.unwrap(DataSource.class).orElseThrow();
            assertThatThrownBy(() -> ds.unwrap(com.zaxxer.hikari.HikariDataSource.class))
                    .isInstanceOf(SQLException.class);
            assertThat(t.unwrap(String.class)).isEmpty();
        }
    }

    @Test
    void withoutRowLevelSecurityDatabaseAndSharedTenantsMayShareADataSource() {
        try (AdapterConnection c = connect(Isolation.DATABASE, PoolSettings.DEFAULTS)) {
            TenantRepositories own = c.bind(scope(Isolation.DATABASE, null));
            TenantRepositories shared = c.bind(scope(Isolation.SHARED, null));
            own.users().create(io.tenantstore.model.NewUser.of("ana@acme.io", null));
            assertThat(shared.users().getByEmail("ana@acme.io")).as("still separated by tenant id").isEmpty();
        }
    }

    @Test
    void pingAndCountersReflectTheOpenPool() {
        AdapterConnection c = connect(Isolation.DATABASE, new PoolSettings(3, 1, Duration.ofSeconds(5)));
        assertThat(c.ping(Duration.ofSeconds(2))).isTrue();
        AdapterConnection.PoolCounters counters = c.counters().orElseThrow();
        assertThat(counters.active() + counters.idle()).isBetween(1, 3);
        c.close();
        c.close();
        assertThat(c.ping(Duration.ofSeconds(1))).isFalse();
    }
}

package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.PoolSettings;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Row-level security of {@code shared} isolation, as an ordinary role (no superuser, no
 * BYPASSRLS) that owns the database and so the tables: the policies are forced on it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresRowLevelSecurityIT {
    private String database;
    private AdapterConnection connection;
    private TenantRepositories a;
    private TenantRepositories b;
    private User userA;
    private User userB;

    @BeforeAll
    void setUp() throws Exception {
        PgTestSupport.ensureAppRole();
        database = PgTestSupport.createDatabase("pg_it_rls", PgTestSupport.APP_ROLE);
        connection = connect(database, 2);
        a = connection.bind(new TenantScope(UUID.randomUUID().toString(), "a", Isolation.SHARED, null));
        b = connection.bind(new TenantScope(UUID.randomUUID().toString(), "b", Isolation.SHARED, null));
        userA = a.users().create(NewUser.of("same@example.com", null));
        userB = b.users().create(NewUser.of("same@example.com", null));
        b.users().create(NewUser.of("only-b@example.com", null));
    }

    @AfterAll
    void tearDown() {
        connection.close();
        PgTestSupport.dropDatabase(database);
    }

    private static AdapterConnection connect(String database, int poolSize) {
        return new PostgresAdapter().connect(new AdapterConfig(
                PgTestSupport.appConfig(database, Isolation.SHARED)
                        .pool(new PoolSettings(poolSize, 0, Duration.ofSeconds(5))).build(),
                Clock.systemUTC(), Runnable::run, new FakePasswordHasher(), List.of()));
    }

    @Test
    void aRawQueryThroughTheUnwrappedJdbiReadsOnlyItsTenantsRows() {
        Jdbi jdbi = a.unwrap(Jdbi.class).orElseThrow();
        List<String> ids = jdbi.withHandle(h -> h.createQuery("SELECT id FROM ts_users").mapTo(String.class).list());
        assertThat(ids).containsExactly(userA.id());
        List<String> inTransaction = jdbi.inTransaction(h -> h.createQuery("SELECT id FROM ts_users")
                .mapTo(String.class).list());
        assertThat(inTransaction).containsExactly(userA.id());
    }

    @Test
    void theUnwrappedDataSourceCannotWriteAnotherTenantsRows() throws SQLException {
        DataSource ds = a.unwrap(DataSource.class).orElseThrow();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE ts_users SET display_name = 'hijacked' WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(userB.id()));
            assertThat(ps.executeUpdate()).isZero();
        }
        assertThat(b.users().getById(userB.id()).orElseThrow().displayName()).isNull();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ts_users (tenant_id, id, email, email_normalized, email_verified, created_at, updated_at)"
                        + " VALUES (?, ?, 'x@example.com', 'x@example.com', false, now(), now())")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, UUID.randomUUID());
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class)
                    .hasMessageContaining("row-level security");
        }
    }

    @Test
    void aConnectionThatEnteredNoTenantReachesNoRows() throws SQLException {
        try (Connection c = DriverManager.getConnection(PgTestSupport.urlOf(database), PgTestSupport.APP_ROLE,
                PgTestSupport.APP_PASSWORD); Statement s = c.createStatement()) {
            if (PgTestSupport.sequencesHoldTheTenant(c)) {
                // the session's tenant sequences hold nothing yet: the policies refuse the statement
                assertThatThrownBy(() -> s.executeQuery("SELECT count(*) FROM ts_users"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("currval");
            } else {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM ts_users")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
        // the rows are there: the superuser bypasses the policies
        try (Connection c = DriverManager.getConnection(PgTestSupport.urlOf(database), PgTestSupport.adminUser(),
                PgTestSupport.adminPassword()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM ts_users")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(3);
        }
    }

    @Test
    void everyTableHasForcedRowLevelSecurity() throws SQLException {
        try (Connection c = DriverManager.getConnection(PgTestSupport.urlOf(database), PgTestSupport.APP_ROLE,
                PgTestSupport.APP_PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,"
                     + " (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname)"
                     + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                     + " WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname LIKE 'ts\\_%'"
                     + " AND c.relname NOT LIKE '%history' AND c.relname <> 'ts_rls_key'")) {
            int tables = 0;
            while (rs.next()) {
                tables++;
                assertThat(rs.getBoolean(2)).as(rs.getString(1)).isTrue();
                assertThat(rs.getBoolean(3)).as(rs.getString(1)).isTrue();
                assertThat(rs.getLong(4)).as(rs.getString(1)).isEqualTo(1);
            }
            assertThat(tables).isEqualTo(13);
        }
    }

    /**
     * Regression: the driver splits a multi-statement string into several syncs once the statement
     * is server-prepared and a parameter is an untyped NULL; the tenant setting must survive that.
     */
    @Test
    void guardedStatementsKeepWorkingAfterTheDriverPreparesThemOnTheServer() {
        try (AdapterConnection single = connect(database, 1)) {
            TenantRepositories t = single.bind(new TenantScope(UUID.randomUUID().toString(), "c", Isolation.SHARED,
                    null));
            User u = t.users().create(NewUser.of("prepared@example.com", null));
            for (int i = 0; i < 12; i++) {
                assertThat(t.consents().upsert(u.id(), "client" + i, Set.of("openid")).active()).isTrue();
                assertThat(t.users().disable(u.id(), "admin", "r", null).disabled()).isNotNull();
            }
            // a failed guarded statement leaves the pool's one connection usable and cleared
            assertThatThrownBy(() -> t.users().create(NewUser.of("prepared@example.com", null)))
                    .isInstanceOf(io.tenantstore.ConflictException.class);
            assertThat(t.consents().listByUser(u.id(), true)).hasSize(12);
        }
    }

    @Test
    void aDatabaseIsolatedTenantOnADatabaseWithSharedTenantsSetsItsTenantToo() {
        TenantRepositories d = connection.bind(new TenantScope(UUID.randomUUID().toString(), "d",
                Isolation.DATABASE, null));
        User u = d.users().create(NewUser.of("db-tenant@example.com", null));
        assertThat(d.users().getById(u.id())).isPresent();
        assertThat(a.users().getById(u.id())).isEmpty();
    }

    @Test
    void sharedTenantsAreRefusedOnADatabaseServingDatabaseIsolatedTenantsWithoutPolicies() throws Exception {
        String other = PgTestSupport.createDatabase("pg_it_rls_mix", PgTestSupport.APP_ROLE);
        try (AdapterConnection c = connect(other, 2)) {
            TenantRepositories d = c.bind(new TenantScope(UUID.randomUUID().toString(), "d", Isolation.DATABASE,
                    null));
            d.users().create(NewUser.of("d@example.com", null));
            assertThatThrownBy(() -> c.bind(new TenantScope(UUID.randomUUID().toString(), "s", Isolation.SHARED,
                    null))).isInstanceOf(InvalidInputException.class).hasMessageContaining("row-level security");
            assertThat(d.users().getByEmail("d@example.com")).isPresent();
        } finally {
            PgTestSupport.dropDatabase(other);
        }
    }
}

package io.tenantstore.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.tenantstore.Isolation;
import io.tenantstore.PoolSettings;
import io.tenantstore.jdbc.DriverAccessRefusedException;
import io.tenantstore.model.NewUser;
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
 * The attacks on the raw-SQL escape hatch ({@code unwrap(DataSource/Jdbi)}) on MySQL/MariaDB: a
 * {@code schema} tenant next to two {@code shared} tenants on one pool of one connection, so every
 * borrower gets the physical connection the previous one used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MysqlEscapeHatchIT {
    private String database;
    private String schemaDb;
    private AdapterConnection connection;
    private TenantRepositories a;
    private TenantRepositories b;
    private TenantRepositories s;

    @BeforeAll
    void setUp() {
        database = MysqlTestSupport.createDatabase("my_it_hatch");
        schemaDb = MysqlTestSupport.uniqueName("my_it_hatch_s");
        connection = new MysqlAdapter().connect(new AdapterConfig(
                MysqlTestSupport.config(database, Isolation.SHARED, false)
                        .pool(new PoolSettings(1, 0, Duration.ofSeconds(5))).build(),
                Clock.systemUTC(), Runnable::run, new FakePasswordHasher(), List.of()));
        a = connection.bind(new TenantScope(UUID.randomUUID().toString(), "a", Isolation.SHARED, null));
        b = connection.bind(new TenantScope(UUID.randomUUID().toString(), "b", Isolation.SHARED, null));
        s = connection.bind(new TenantScope(UUID.randomUUID().toString(), "s", Isolation.SCHEMA, schemaDb));
        a.users().create(NewUser.of("a@example.com", null));
        b.users().create(NewUser.of("b@example.com", null));
        s.users().create(NewUser.of("s@example.com", null));
    }

    @AfterAll
    void tearDown() {
        if (connection != null) {
            connection.close();
        }
        MysqlTestSupport.dropDatabases(database, schemaDb);
    }

    private static List<String> emails(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT email FROM ts_users ORDER BY email")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static Object one(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    @Test
    void aSchemaTenantsUnqualifiedSqlReadsItsOwnDatabaseOnly() throws SQLException {
        List<String> viaJdbi = s.unwrap(Jdbi.class).orElseThrow().withHandle(h -> h.createQuery(
                "SELECT email FROM ts_users").mapTo(String.class).list());
        assertThat(viaJdbi).containsExactly("s@example.com");
        assertThat(emails(s.unwrap(DataSource.class).orElseThrow())).containsExactly("s@example.com");
        // the default database is the pool's again for the shared tenants after it
        assertThat(one(a.unwrap(DataSource.class).orElseThrow(), "SELECT DATABASE()")).isEqualTo(database);
        assertThat(a.users().getByEmail("a@example.com")).isPresent();
    }

    @Test
    void aTemporaryTableNamedLikeAStoreTableDoesNotReachTheNextBorrower() throws SQLException {
        try (Connection c = a.unwrap(DataSource.class).orElseThrow().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TEMPORARY TABLE ts_users (email VARCHAR(320))");
        }
        b.users().create(NewUser.of("after-temp@example.com", null));
        try (Connection c = MysqlTestSupport.open(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM ts_users WHERE email = 'after-temp@example.com'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    @Test
    void settingsVariablesLocksTransactionsAndUseDoNotSurviveTheReturn() throws SQLException {
        try (Connection c = a.unwrap(DataSource.class).orElseThrow().getConnection(); Statement st = c.createStatement()) {
            st.execute("SET SESSION TRANSACTION READ ONLY");
            st.execute("SET @leak = 'x'");
            st.execute("SET SESSION time_zone = '+05:00'");
            st.execute("SELECT GET_LOCK('ts_i9_lock', 0)");
            st.execute("USE information_schema");
            st.execute("START TRANSACTION");
        }
        assertThat(b.users().create(NewUser.of("after-settings@example.com", null))).isNotNull();
        DataSource ds = b.unwrap(DataSource.class).orElseThrow();
        assertThat(one(ds, "SELECT @leak")).isNull();
        assertThat(one(ds, "SELECT DATABASE()")).isEqualTo(database);
        assertThat(one(ds, "SELECT @@session.time_zone")).isEqualTo("+00:00");
        assertThat(((Number) one(ds, "SELECT IS_FREE_LOCK('ts_i9_lock')")).intValue()).isEqualTo(1);
        try (Connection c = a.unwrap(DataSource.class).orElseThrow().getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE ts_users SET display_name = 'uncommitted'");
            }
        }
        assertThat(emails(ds)).isNotEmpty();
        assertThat(one(ds, "SELECT count(*) FROM ts_users WHERE display_name = 'uncommitted'")).isEqualTo(0L);
    }

    @Test
    void theDriverConnectionIsNeverHandedOutAndAClosedWrapperIsUnusable() throws SQLException {
        Connection c = s.unwrap(DataSource.class).orElseThrow().getConnection();
        Statement st = c.createStatement();
        try {
            assertThatThrownBy(() -> c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class))
                    .isInstanceOf(DriverAccessRefusedException.class);
            assertThat(c.isWrapperFor(com.mysql.cj.jdbc.JdbcConnection.class)).isFalse();
            assertThatThrownBy(() -> st.getConnection().unwrap(com.mysql.cj.jdbc.JdbcConnection.class))
                    .isInstanceOf(DriverAccessRefusedException.class);
        } finally {
            c.close();
        }
        assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class).hasMessageContaining("returned to the pool");
        assertThatThrownBy(() -> st.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
        assertThat(b.users().getByEmail("b@example.com")).isPresent();
    }
}

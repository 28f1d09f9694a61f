package io.tenantstore.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.Secret;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;

/**
 * Test databases on the PostgreSQL server {@link TestDatabases#postgres()} resolves
 * ({@code TENANTSTORE_TEST_POSTGRES_URL}, else a container, else embedded): each test class gets
 * fresh databases, dropped afterwards, and an ordinary login role for row-level security tests.
 * Thread-safe (stateless).
 */
final class PgTestSupport {
    /** A login without superuser or BYPASSRLS, so row-level security applies to it. */
    static final String APP_ROLE = "ts_app_it";
    static final String APP_PASSWORD = "ts_app_it";

    private PgTestSupport() {
    }

    static TestDatabase server() {
        return TestDatabases.postgres();
    }

    static String adminUrl() {
        return server().url();
    }

    static String adminUser() {
        return server().username();
    }

    static String adminPassword() {
        String pw = server().password();
        return pw == null ? "" : pw;
    }

    static Connection admin() throws SQLException {
        return DriverManager.getConnection(adminUrl(), adminUser(), adminPassword());
    }

    /** @return whether the server holds a session's tenant in sequences (row-level security V7) */
    static boolean sequencesHoldTheTenant(Connection c) throws SQLException {
        // from PostgreSQL 15 the session's tenant is held in unlogged sequences (row-level security
        // V7); before, in the signed setting the policies check per statement
        return c.getMetaData().getDatabaseMajorVersion() >= 15;
    }

    /** @return a superuser connection to {@code database} */
    static Connection admin(String database) throws SQLException {
        return DriverManager.getConnection(urlOf(database), adminUser(), adminPassword());
    }

    /** @return the JDBC URL of {@code database} on the test server */
    static String urlOf(String database) {
        String base = adminUrl();
        int q = base.indexOf('?');
        String path = q < 0 ? base : base.substring(0, q);
        return path.substring(0, path.lastIndexOf('/') + 1) + database + (q < 0 ? "" : base.substring(q));
    }

    /**
     * @param prefix a name prefix unique to the test class
     * @param owner  the database owner, or {@code null} for the server's test user
     * @return the new database's name
     */
    static String createDatabase(String prefix, String owner) throws SQLException {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        server().createDatabase(name);
        if (owner != null) {
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("ALTER DATABASE " + name + " OWNER TO " + owner);
            }
        }
        return name;
    }

    static void dropDatabase(String name) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
    }

    /** Creates {@link #APP_ROLE} unless it exists: LOGIN, NOSUPERUSER, NOBYPASSRLS. */
    static void ensureAppRole() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN"
                    + " IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + APP_ROLE + "') THEN"
                    + " CREATE ROLE " + APP_ROLE + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '" + APP_PASSWORD + "';"
                    + " END IF; END $$");
        }
    }

    static DbConfig.Builder config(String database, Isolation isolation) {
        return DbConfig.builder("postgres", urlOf(database)).isolation(isolation).username(adminUser())
                .password(adminPassword().isEmpty() ? null : Secret.of(adminPassword()));
    }

    static DbConfig.Builder appConfig(String database, Isolation isolation) {
        return DbConfig.builder("postgres", urlOf(database)).isolation(isolation).username(APP_ROLE)
                .password(Secret.of(APP_PASSWORD));
    }
}

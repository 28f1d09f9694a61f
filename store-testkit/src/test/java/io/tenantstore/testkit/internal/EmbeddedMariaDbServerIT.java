package io.tenantstore.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabase.Source;

/**
 * The embedded MariaDB server, started here whatever {@code TENANTSTORE_TEST_MYSQL_URL} says (CI
 * sets it, so nothing else runs this server there): it must check logins and rights, because the
 * least-privilege tests create logins and grant them rights, and run against it on any machine
 * without a configured server.
 */
class EmbeddedMariaDbServerIT {
    private static EmbeddedMariaDbServer server;
    private static TestDatabase database;

    @BeforeAll
    static void start() {
        server = EmbeddedMariaDbServer.start();
        database = server.database();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void rootFromLoopbackWithoutPasswordReachesTheTestDatabase() throws SQLException {
        assertThat(database.source()).isEqualTo(Source.EMBEDDED);
        assertThat(database.url()).isEqualTo("jdbc:mysql://127.0.0.1:" + server.port() + "/tenantstore_test");
        try (Connection c = DriverManager.getConnection(database.url(), database.username(), "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DATABASE(), @@character_set_server")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("tenantstore_test");
            assertThat(rs.getString(2)).isEqualTo("utf8mb4");
        }
    }

    @Test
    void loginsAndGrantsAreChecked() throws SQLException {
        try (Connection root = DriverManager.getConnection(database.url(), database.username(), "");
             Statement st = root.createStatement()) {
            st.execute("CREATE DATABASE testkit_it_other");
            st.execute("CREATE TABLE testkit_it_other.probe (id INT PRIMARY KEY)");
            st.execute("CREATE USER 'testkit_it_login'@'%' IDENTIFIED BY 'right-password'");
            st.execute("GRANT SELECT ON tenantstore_test.* TO 'testkit_it_login'@'%'");
            try {
                String other = "jdbc:mysql://127.0.0.1:" + server.port() + "/testkit_it_other";
                assertThatThrownBy(() -> DriverManager.getConnection(database.url(), "testkit_it_login",
                        "wrong-password"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1045));
                assertThatThrownBy(() -> DriverManager.getConnection(other, "testkit_it_login", "right-password"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1044));
                try (Connection login = DriverManager.getConnection(database.url(), "testkit_it_login",
                        "right-password");
                     Statement ls = login.createStatement()) {
                    assertThatThrownBy(() -> ls.executeQuery("SELECT id FROM testkit_it_other.probe"))
                            .isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1142));
                    assertThatThrownBy(() -> ls.execute("CREATE TABLE intruder (id INT)"))
                            .isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1142));
                }
            } finally {
                st.execute("DROP USER IF EXISTS 'testkit_it_login'@'%'");
                st.execute("DROP DATABASE IF EXISTS testkit_it_other");
            }
        }
    }
}

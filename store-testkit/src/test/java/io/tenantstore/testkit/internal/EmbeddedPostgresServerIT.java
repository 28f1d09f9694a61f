package io.tenantstore.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.tenantstore.UnavailableException;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabase.Source;
import io.tenantstore.testkit.internal.EmbeddedPostgresServer.Strategy;

/**
 * The privilege-dropping launcher, forced even where zonky's {@code unshare} would do: as root it
 * must run PostgreSQL as {@code nobody}; as anyone else it must refuse.
 */
class EmbeddedPostgresServerIT {

    @Test
    void privilegeDropRunsThePostgresProcessesAsTheUnprivilegedUser() throws Exception {
        if (!UnprivilegedUser.processIsRoot()) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(Strategy.PRIVILEGE_DROP))
                    .isInstanceOf(UnavailableException.class)
                    .hasMessageContaining("needs a root process");
            return;
        }
        UnprivilegedUser nobody = UnprivilegedUser.lookup(UnprivilegedUser.DEFAULT_NAME);
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Strategy.PRIVILEGE_DROP);
        Path dataDirectory;
        try {
            assertThat(server.strategy()).isEqualTo(Strategy.PRIVILEGE_DROP);
            TestDatabase database = server.database();
            assertThat(database.source()).isEqualTo(Source.EMBEDDED);
            assertThat(database.url()).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres");

            try (Connection connection = DriverManager.getConnection(database.url(), database.username(), null);
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "select pg_backend_pid(), current_setting('data_directory'), 1")) {
                assertThat(rows.next()).isTrue();
                int backendPid = rows.getInt(1);
                dataDirectory = Path.of(rows.getString(2));
                assertThat(rows.getInt(3)).isEqualTo(1);
                // the backend serving us is a process of the unprivileged user, and so is the cluster
                assertThat(uidOf(Path.of("/proc/" + backendPid))).isEqualTo(nobody.uid());
                assertThat(uidOf(dataDirectory)).isEqualTo(nobody.uid());
            }

            String url = database.createDatabase("testkit_it_privilege_drop");
            try (Connection connection = DriverManager.getConnection(url, database.username(), null);
                    Statement statement = connection.createStatement()) {
                statement.execute("create table probe (id int primary key)");
                statement.execute("insert into probe values (7)");
                try (ResultSet rows = statement.executeQuery("select id from probe")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getInt(1)).isEqualTo(7);
                }
            }
        } finally {
            server.close();
        }

        // stopped, and the work directory (binaries and data) is gone with the server
        assertThatThrownBy(() -> DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres", "postgres", null))
                .isInstanceOf(SQLException.class);
        assertThat(dataDirectory.getParent()).doesNotExist();
    }

    private static int uidOf(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:uid")).intValue();
    }
}

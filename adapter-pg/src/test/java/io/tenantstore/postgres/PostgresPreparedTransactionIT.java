package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.PoolSettings;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.NewUser;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that allows prepared transactions (its own, embedded: {@code max_prepared_transactions}
 * is 0 on the shared ones): an escape-hatch connection on which the application left a prepared
 * transaction is evicted on return, a clean one is reused. On servers that do not allow them the
 * store skips that check; this is the other side of it.
 */
class PostgresPreparedTransactionIT {
    private static EmbeddedPostgres server;

    @TempDir
    Path root;

    @BeforeAll
    static void startOwnServer() throws IOException {
        server = EmbeddedPostgres.builder().setRegisterShutdownHook(false)
                .setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("max_prepared_transactions", "4")
                .start();
    }

    @AfterAll
    static void stopOwnServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aConnectionLeftWithAPreparedTransactionIsEvictedAndACleanOneIsReused() throws SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
        // one connection: the same one comes back unless it was evicted
        DbConfig db = DbConfig.builder("postgres", url).username("postgres").isolation(Isolation.SCHEMA)
                .pool(new PoolSettings(1, 0, Duration.ofSeconds(10))).build();
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root).noBackgroundMaintenance().defaultTenantDb(db)
                .build()) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
            TenantDataAccess acme = store.forTenant("acme");
            acme.users().create(NewUser.of("ana@acme.io", null));
            DataSource raw = acme.unwrap(DataSource.class);
            int first = backend(raw);
            assertThat(backend(raw)).as("a connection returned clean is reused").isEqualTo(first);
            try (Connection c = raw.getConnection(); Statement st = c.createStatement()) {
                st.execute("BEGIN");
                st.execute("SELECT count(*) FROM ts_users");
                st.execute("PREPARE TRANSACTION 'ts_it_left_behind'");
            }
            assertThat(backend(raw)).as("evicted: another connection serves the next checkout").isNotEqualTo(first);
            assertThat(acme.users().getByEmail("ana@acme.io")).as("the store carries on").isPresent();
        } finally {
            try (Connection admin = java.sql.DriverManager.getConnection(url, "postgres", "");
                 Statement st = admin.createStatement()) {
                st.execute("ROLLBACK PREPARED 'ts_it_left_behind'");
            }
        }
    }

    private static int backend(DataSource raw) throws SQLException {
        try (Connection c = raw.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

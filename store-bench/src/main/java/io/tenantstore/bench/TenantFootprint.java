package io.tenantstore.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.PoolSettings;
import io.tenantstore.StoreStats;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;

/**
 * Target: 10,000 {@code shared} tenants on one PostgreSQL server stay within the pool's
 * connections and cost at most 2 KB of heap per cached tenant. Heap is a retained-size figure
 * (used heap after full collections, before and after warming every tenant and calling one
 * repository method on each), so it is measured here rather than by a JMH timing benchmark; the
 * result is printed as a ratio against the target. Not thread-safe.
 */
public final class TenantFootprint {
    private static final int TENANTS = 10_000;
    private static final int POOL_MAX = 10;
    private static final double TARGET_BYTES = 2048;

    private TenantFootprint() {
    }

    /**
     * @param args {@code [shared|schema] [tenants]}: the isolation (default {@code shared}) and how
     *             many tenants (default 10,000); each {@code schema} tenant creates its schema
     * @throws Exception when the database or the files fail
     */
    public static void main(String[] args) throws Exception {
        Isolation isolation = args.length > 0 ? Isolation.valueOf(args[0].toUpperCase(java.util.Locale.ROOT))
                : Isolation.SHARED;
        int tenants = args.length > 1 ? Integer.parseInt(args[1]) : TENANTS;
        TestDatabase server = TestDatabases.postgres();
        String database = "bench_footprint_" + UUID.randomUUID().toString().substring(0, 8);
        String url = server.createDatabase(database);
        Path root = Files.createTempDirectory("tenantstore-footprint-");
        writeTenants(root, tenants);
        DbConfig db = DbConfig.builder("postgres", url).isolation(isolation).username(server.username())
                // the test server's login is a superuser: fine for measuring the footprint
                .rowSecurity(io.tenantstore.RowSecurityMode.ADVISORY)
                .pool(new PoolSettings(POOL_MAX, 0, java.time.Duration.ofSeconds(30))).build();
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root).defaultTenantDb(db)
                .noBackgroundMaintenance().build()) {
            store.forTenant("tenant-0").users().getByEmail("nobody@example.com"); // migrate once
            List<TenantDataAccess> keep = new ArrayList<>(tenants);
            long before = usedHeapAfterGc();
            java.util.Map<String, long[]> histogramBefore = histogram();
            for (int i = 0; i < tenants; i++) {
                TenantDataAccess t = store.forTenant("tenant-" + i);
                t.users().getByEmail("nobody@example.com");
                keep.add(t);
            }
            long after = usedHeapAfterGc();
            printGrowth(histogramBefore, histogram(), tenants);
            StoreStats stats = store.stats();
            int connections = stats.pools().stream().mapToInt(p -> p.active() + p.idle()).sum();
            double perTenant = (after - before) / (double) tenants;
            System.out.printf("%d %s tenants: %d cached, %d pool(s), %d connection(s) (pool max %d): %s%n",
                    tenants, isolation.name().toLowerCase(java.util.Locale.ROOT), stats.cachedTenants(),
                    stats.pools().size(), connections, POOL_MAX,
                    connections <= POOL_MAX ? "MET" : "MISSED");
            System.out.printf("heap per cached tenant = %.0f bytes = %.2fx the 2 KB target: %s%n", perTenant,
                    perTenant / TARGET_BYTES, perTenant <= TARGET_BYTES ? "MET" : "MISSED");
            if (keep.size() != tenants) {
                throw new IllegalStateException("lost tenants");
            }
        } finally {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(server.url(), server.username(),
                    server.password() == null ? "" : server.password()); java.sql.Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static void writeTenants(Path root, int tenants) throws IOException {
        for (int i = 0; i < tenants; i++) {
            Path dir = Files.createDirectories(root.resolve("tenants").resolve("tenant-" + i));
            Files.writeString(dir.resolve("tenant.yaml"), "id: " + UUID.randomUUID() + "\nname: Tenant " + i
                    + "\ndisplayName: Tenant " + i + "\nversion: 1\ncreatedAt: 2026-11-21T10:00:00Z\n"
                    + "updatedAt: 2026-11-21T10:00:00Z\n");
            Files.writeString(dir.resolve("clients.yaml"), "clients: []\n");
            Files.writeString(dir.resolve("scopes.yaml"), "scopes: []\n");
        }
    }

    /** @return class name -> {instances, bytes} of live objects, from the JVM's class histogram */
    private static java.util.Map<String, long[]> histogram() throws Exception {
        javax.management.ObjectName name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(name, "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        java.util.Map<String, long[]> out = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                out.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return out;
    }

    /** Prints the classes whose live bytes grew most while the tenants were warmed, per tenant. */
    private static void printGrowth(java.util.Map<String, long[]> before, java.util.Map<String, long[]> after,
                                    int tenants) {
        System.out.println("growth per tenant, by class (bytes, instances):");
        after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), new long[] {
                        e.getValue()[1] - before.getOrDefault(e.getKey(), new long[2])[1],
                        e.getValue()[0] - before.getOrDefault(e.getKey(), new long[2])[0]}))
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .limit(25)
                .forEach(e -> System.out.printf(java.util.Locale.ROOT, "  %8.1f  %6.2f  %s%n",
                        e.getValue()[0] / (double) tenants, e.getValue()[1] / (double) tenants, e.getKey()));
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}

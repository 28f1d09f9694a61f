package io.tenantstore.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.PoolSettings;
import io.tenantstore.Secret;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.jdbc.RowSecurity;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.NewUser;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * TenantStore side by side with what applications build by hand instead, on one PostgreSQL server
 * in one JVM, every row printed as a ratio:
 * <ul>
 *   <li><b>pool per tenant</b>: one HikariCP pool per tenant, {@code currentSchema} in its URL;</li>
 *   <li><b>search_path pool</b>: one pool, {@code SET search_path} on every checkout (what
 *       Hibernate's schema multi-tenancy does);</li>
 *   <li><b>plain filter</b>: one pool, shared tables, {@code WHERE tenant_id = ?} and no row-level
 *       security.</li>
 * </ul>
 * All sides run the same query on the same tables and rows. Timed cases alternate between the sides
 * in short slices and report the median of the paired per-round ratios, because separate JMH forks
 * drift too far apart on a small machine to compare sides measured minutes apart.
 *
 * <p>The cold case times the first call of brand-new schema tenants: TenantStore with
 * {@value #COLD_SPARES} spare schemas (waiting, untimed, for the stock to refill before each timed
 * call, so no side is measured against a refill), TenantStore without spares on the same database,
 * and the search_path pool running Flyway. It prints how many first calls took a spare.
 *
 * <p>Usage: {@code java -cp store-bench/target/benchmarks.jar io.tenantstore.bench.PeerHarness
 * [--rounds=25] [--slice-ms=200] [--schemas=1000] [--cold=200] [--cases=schema,shared,cold,scale]}. The server comes from
 * {@code TENANTSTORE_TEST_POSTGRES_URL}, else an embedded one; the scale case opens a pool per
 * tenant until the server refuses, so point it at a server nothing else depends on. Not thread-safe.
 */
public final class PeerHarness {
    /** The statement {@code users().getById} runs, with the same columns, so every side does the same work. */
    static final String BY_ID = "SELECT id, email, email_verified, display_name, disabled_at, disabled_by,"
            + " disabled_reason, disabled_until, created_at, updated_at, given_name, family_name, picture_url,"
            + " locale, zone_info, phone_number, phone_number_verified, metadata"
            + " FROM ts_users WHERE tenant_id = ? AND id = ?";
    /** What the store sends on a shared PostgreSQL connection that carries another tenant: entry, then the query. */
    static final String ENTER_THEN_BY_ID = "SELECT ts_rls_enter(?::pg_catalog.text); " + BY_ID;
    /** What the store sends on a connection it marked as its own that carries another tenant: the switch, then the query. */
    static final String SWITCH_THEN_BY_ID = "SELECT ts_rls_switch(?::pg_catalog.int8, ?::pg_catalog.int8); " + BY_ID;
    private static final int TENANTS = 8;
    private static final String APP_ROLE = "ts_bench_app";
    /** The target column of a floor row: a hand-written equivalent of the store's own statement, no target. */
    static final String FLOOR = "none (floor)";
    /**
     * The target of a row comparing TenantStore with the floor of its case: the store adds at most 5 %
     * to the least any library can send on that path.
     */
    static final String OWN_WORK = "<= 1.05 (the store's own work)";
    /** The target column of a row reporting what row-level security itself costs, at any library. */
    static final String POLICY_COST = "none (the policies' cost, see the floor)";

    /**
     * What to run.
     *
     * @param rounds  paired rounds per timed case
     * @param slice   how long each side runs per round
     * @param schemas schema tenants for the scale case
     * @param cold    brand-new schema tenants for the cold-start case
     * @param cases   which cases run (see {@link #CASES})
     */
    record Settings(int rounds, Duration slice, int schemas, int cold, Set<String> cases) {
        /** The cases, in the order they run. */
        static final List<String> CASES = List.of("schema", "shared", "cold", "scale");

        Settings {
            cases = Set.copyOf(cases);
            for (String c : cases) {
                if (!CASES.contains(c)) {
                    throw new IllegalArgumentException("unknown case " + c + " (known: " + String.join(", ", CASES) + ")");
                }
            }
        }

        /** Every case. */
        Settings(int rounds, Duration slice, int schemas, int cold) {
            this(rounds, slice, schemas, cold, Set.copyOf(CASES));
        }

        static Settings parse(String[] args) {
            int rounds = 25;
            long sliceMs = 200;
            int schemas = 1000;
            int cold = 200;
            Set<String> cases = Set.copyOf(CASES);
            for (String a : args) {
                String[] kv = a.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("expected --name=value: " + a);
                }
                if (kv[0].equals("--cases")) {
                    cases = Set.of(kv[1].split(","));
                    continue;
                }
                int v = Integer.parseInt(kv[1]);
                switch (kv[0]) {
                    case "--rounds" -> rounds = v;
                    case "--slice-ms" -> sliceMs = v;
                    case "--schemas" -> schemas = v;
                    case "--cold" -> cold = v;
                    default -> throw new IllegalArgumentException("unknown option " + kv[0]
                            + " (known: --rounds, --slice-ms, --schemas, --cold, --cases)");
                }
            }
            return new Settings(rounds, Duration.ofMillis(sliceMs), schemas, cold, cases);
        }
    }

    /**
     * One way to run the query: {@code call(i)} serves tenant {@code i} (0 to {@code TENANTS - 1}).
     * Each calling thread moves to the next tenant on every call, so a side that keeps per-tenant
     * state (a pool, a connection's tenant) switches between tenants as a multi-tenant server does.
     */
    @FunctionalInterface
    interface Side {
        void call(int tenant) throws Exception;
    }

    /** One printed row. */
    record Row(String name, String subject, String peer, double ratio, String target, boolean met) {
        /** @return what identifies the row in README's table: {@code name | subject / peer} */
        String key() {
            return name + " | " + subject + " / " + peer;
        }
    }

    /** Every row a full run prints, by {@link Row#key()}, in order (README's table is checked against it). */
    static final List<String> ROW_KEYS = List.of(
            "getById, schema tenant, 1 thread(s) | TenantStore / pool per tenant",
            "getById, schema tenant, 1 thread(s) | TenantStore / search_path pool",
            "getById, schema tenant, 1 thread(s) | qualified SQL on one pool / pool per tenant",
            "getById, schema tenant, 8 thread(s) | TenantStore / pool per tenant",
            "getById, schema tenant, 8 thread(s) | TenantStore / search_path pool",
            "getById, schema tenant, 8 thread(s) | qualified SQL on one pool / pool per tenant",
            "getById, schema tenant, 1 thread, one tenant | TenantStore / pool per tenant",
            "getById, schema tenant, 1 thread, one tenant | qualified SQL on one pool / pool per tenant",
            "getById, shared tenant with RLS, 1 thread, tenants rotating | TenantStore / plain filter",
            "getById, shared tenant with RLS, 1 thread, tenants rotating | session switched and SQL by hand / plain filter",
            "getById, shared tenant with RLS, 1 thread, tenants rotating | signed entry and SQL by hand / plain filter",
            "getById, shared tenant with RLS, 1 thread, tenants rotating | TenantStore / session switched and SQL by hand",
            "getById, shared tenant with RLS, 1 thread, one tenant | TenantStore / plain filter",
            "getById, shared tenant with RLS, 1 thread, one tenant | same SQL under the policies / plain filter",
            "getById, shared tenant with RLS, 1 thread, one tenant | TenantStore / same SQL under the policies",
            "first call, new schema tenant (speed-up) | search_path pool + Flyway / TenantStore",
            "first call, new schema tenant, no spare schemas (speed-up) | search_path pool + Flyway / TenantStore",
            "first call, new schema tenant, no spare schemas | TenantStore / scripts and history by hand",
            "schema tenants touched once: connections / pool max | TenantStore / pool max");

    private PeerHarness() {
    }

    /**
     * @param args see the class comment
     * @throws Exception when the database fails
     */
    public static void main(String[] args) throws Exception {
        run(TestDatabases.postgres(), Settings.parse(args), System.out);
    }

    /**
     * Runs every case and prints its rows.
     *
     * @return the rows, for tests
     */
    static List<Row> run(TestDatabase server, Settings settings, PrintStream out) throws Exception {
        List<Row> rows = new ArrayList<>();
        out.printf("peer harness: %d rounds x %d ms per side, %d schema tenants, %d cold tenants%n",
                settings.rounds(), settings.slice().toMillis(), settings.schemas(), settings.cold());
        if (settings.cases().contains("schema")) {
            schemaCalls(server, settings, out, rows);
        }
        if (settings.cases().contains("shared")) {
            sharedCalls(server, settings, out, rows);
        }
        if (settings.cases().contains("cold")) {
            coldStart(server, settings, out, rows);
        }
        if (settings.cases().contains("scale")) {
            scale(server, settings, out, rows);
        }
        return rows;
    }

    // ---- getById on schema tenants ----------------------------------------------------------------

    private static void schemaCalls(TestDatabase server, Settings settings, PrintStream out, List<Row> rows)
            throws Exception {
        String db = "bench_peer_schema_" + suffix();
        String url = server.createDatabase(db);
        Path root = Files.createTempDirectory("tenantstore-peer-");
        List<HikariDataSource> pools = new ArrayList<>();
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root).noBackgroundMaintenance()
                .defaultTenantDb(admin(server, url, Isolation.SCHEMA)).build()) {
            TenantDataAccess[] ts = new TenantDataAccess[TENANTS];
            String[] userIds = new String[TENANTS];
            UUID[] tenantIds = new UUID[TENANTS];
            UUID[] userUuids = new UUID[TENANTS];
            String[] schemas = new String[TENANTS];
            HikariDataSource[] perTenant = new HikariDataSource[TENANTS];
            for (int i = 0; i < TENANTS; i++) {
                store.config().tenants().create(NewTenant.of("t" + i, "Tenant " + i));
                ts[i] = store.forTenant("t" + i);
                userIds[i] = ts[i].users().create(NewUser.of("ana@t" + i + ".io", null)).id();
                tenantIds[i] = UUID.fromString(ts[i].id());
                userUuids[i] = UUID.fromString(userIds[i]);
                schemas[i] = "t_t" + i;
                perTenant[i] = pool(server, withParam(url, "currentSchema", schemas[i]), 10);
                pools.add(perTenant[i]);
            }
            HikariDataSource shared = pool(server, url, 10);
            pools.add(shared);
            Side tenantStore = i -> ts[i].users().getById(userIds[i]).orElseThrow();
            Side poolPerTenant = i -> {
                try (Connection c = perTenant[i].getConnection()) {
                    byId(c, tenantIds[i], userUuids[i]);
                }
            };
            Side searchPath = i -> {
                try (Connection c = shared.getConnection()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET search_path TO " + schemas[i]);
                    }
                    byId(c, tenantIds[i], userUuids[i]);
                }
            };
            // what the store itself sends, written by hand: the schema in the statement, one shared
            // pool, nothing else. Not a peer but the floor: the least any library can do per call here.
            String[] qualified = new String[TENANTS];
            for (int i = 0; i < TENANTS; i++) {
                qualified[i] = BY_ID.replace(" FROM ts_users ", " FROM \"" + schemas[i] + "\".ts_users ");
            }
            Side floor = i -> {
                try (Connection c = shared.getConnection()) {
                    byId(c, qualified[i], tenantIds[i], userUuids[i]);
                }
            };
            for (int threads : new int[] {1, 8}) {
                double[][] rounds = pairedRounds(settings, threads, tenantStore, poolPerTenant, searchPath, floor);
                double[] r = {median(rounds[0]), median(rounds[1]), median(rounds[2])};
                String name = "getById, schema tenant, " + threads + " thread(s)";
                rows.add(print(out, new Row(name, "TenantStore", "pool per tenant", r[0], "<= 0.95", r[0] <= 0.95)));
                rows.add(print(out, new Row(name, "TenantStore", "search_path pool", r[1], "<= 0.50", r[1] <= 0.50)));
                // the floor against the same peer: where a one-round-trip call can get at all
                rows.add(print(out, new Row(name, "qualified SQL on one pool", "pool per tenant",
                        medianOf(rounds, 2, 0), FLOOR, true)));
                out.printf(Locale.ROOT, "  TenantStore / qualified SQL on one pool = %.2fx (the store's own work)%n",
                        r[2]);
            }
            // one tenant per thread: the pool per tenant keeps one warm connection too, so this is one
            // round trip against one round trip
            double[][] one = pairedRounds(settings, 1, i -> tenantStore.call(0), i -> poolPerTenant.call(0),
                    i -> floor.call(0));
            String name = "getById, schema tenant, 1 thread, one tenant";
            double vsPool = median(one[0]);
            // both sides are one round trip on one warm connection here: not behind a dedicated pool
            rows.add(print(out, new Row(name, "TenantStore", "pool per tenant", vsPool, "<= 1.05", vsPool <= 1.05)));
            rows.add(print(out, new Row(name, "qualified SQL on one pool", "pool per tenant", medianOf(one, 1, 0), FLOOR,
                    true)));
            out.printf(Locale.ROOT, "  TenantStore / qualified SQL on one pool = %.2fx (the store's own work)%n",
                    median(one[1]));
        } finally {
            pools.forEach(HikariDataSource::close);
            dropDatabase(server, db);
        }
    }

    // ---- getById on shared tables with row-level security -------------------------------------------

    private static void sharedCalls(TestDatabase server, Settings settings, PrintStream out, List<Row> rows)
            throws Exception {
        ensureAppRole(server);
        String db = "bench_peer_shared_" + suffix();
        String url = server.createDatabase(db);
        try (Connection c = adminConnection(server, url); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + db + " OWNER TO " + APP_ROLE);
        }
        Path root = Files.createTempDirectory("tenantstore-peer-");
        HikariDataSource plain = null;
        HikariDataSource appPool = null;
        // an ordinary login, so row-level security really applies to the store's side
        DbConfig app = DbConfig.builder("postgres", url).isolation(Isolation.SHARED).username(APP_ROLE)
                .password(Secret.of(APP_ROLE)).build();
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root).noBackgroundMaintenance()
                .defaultTenantDb(app).build()) {
            TenantDataAccess[] ts = new TenantDataAccess[TENANTS];
            String[] userIds = new String[TENANTS];
            UUID[] tenantIds = new UUID[TENANTS];
            UUID[] userUuids = new UUID[TENANTS];
            for (int i = 0; i < TENANTS; i++) {
                store.config().tenants().create(NewTenant.of("t" + i, "Tenant " + i));
                ts[i] = store.forTenant("t" + i);
                userIds[i] = ts[i].users().create(NewUser.of("ana@t" + i + ".io", null)).id();
                tenantIds[i] = UUID.fromString(ts[i].id());
                userUuids[i] = UUID.fromString(userIds[i]);
            }
            // the hand-rolled side: the server's own login, which row-level security does not filter
            plain = pool(server, url, 10);
            HikariDataSource p = plain;
            Side tenantStore = i -> ts[i].users().getById(userIds[i]).orElseThrow();
            Side filtered = i -> {
                try (Connection c = p.getConnection()) {
                    byId(c, tenantIds[i], userUuids[i]);
                }
            };
            // the floor when tenants rotate: what the store sends on a connection that carried another
            // tenant, by hand on a pool of the same login, in one round trip: the session (marked as
            // the store's once per connection) switched to the tenant, then the statement; and what
            // it sent before sessions were marked (and still sends before PostgreSQL 15): the tenant
            // entered with its signed value, then the statement
            String key;
            boolean marks;
            try (Connection c = adminConnection(server, url); Statement s = c.createStatement()) {
                try (ResultSet k = s.executeQuery("SELECT secret FROM ts_rls_key WHERE id = 1")) {
                    k.next();
                    key = k.getString(1);
                }
                try (ResultSet k = s.executeQuery("SELECT to_regprocedure('ts_rls_switch(bigint,bigint)') IS NOT NULL")) {
                    k.next();
                    marks = k.getBoolean(1);
                }
            }
            String[] signed = new String[TENANTS];
            for (int i = 0; i < TENANTS; i++) {
                signed[i] = RowSecurity.signedTenant(key, tenantIds[i].toString());
            }
            appPool = pool(url, APP_ROLE, APP_ROLE, 10);
            HikariDataSource a = appPool;
            Set<Integer> markedSessions = ConcurrentHashMap.newKeySet();
            Side switchedByHand = i -> {
                try (Connection c = a.getConnection()) {
                    int pid = c.unwrap(PGConnection.class).getBackendPID();
                    if (markedSessions.add(pid)) {
                        long challenge;
                        try (Statement st = c.createStatement();
                             ResultSet r = st.executeQuery("SELECT ts_rls_store_challenge()")) {
                            r.next();
                            challenge = r.getLong(1);
                        }
                        try (PreparedStatement ps = c.prepareStatement("SELECT ts_rls_enter_store(?, ?)")) {
                            ps.setString(1, signed[i]);
                            ps.setString(2, RowSecurity.storeProof(key, challenge));
                            ps.execute();
                        }
                    }
                    UUID t = tenantIds[i];
                    guardedById(c, SWITCH_THEN_BY_ID, ps -> {
                        ps.setLong(1, t.getMostSignificantBits());
                        ps.setLong(2, t.getLeastSignificantBits());
                        return 3;
                    }, t, userUuids[i]);
                }
            };
            Side enteredByHand = i -> {
                try (Connection c = a.getConnection()) {
                    String value = signed[i];
                    guardedById(c, ENTER_THEN_BY_ID, ps -> {
                        ps.setString(1, value);
                        return 2;
                    }, tenantIds[i], userUuids[i]);
                    markedSessions.remove(c.unwrap(PGConnection.class).getBackendPID()); // entering drops the mark
                }
            };
            if (!marks) {
                out.println("  (before PostgreSQL 15 sessions are not marked: the store and the switched floor"
                        + " enter each tenant with its signed value)");
            }
            // tenants rotate call by call, so the pooled connection moves to another tenant every call
            double[][] rot = pairedRounds(settings, 1, tenantStore, filtered, marks ? switchedByHand : enteredByHand,
                    enteredByHand);
            double rotating = median(rot[0]);
            rows.add(print(out, new Row("getById, shared tenant with RLS, 1 thread, tenants rotating", "TenantStore",
                    "plain filter", rotating, POLICY_COST, true)));
            rows.add(print(out, new Row("getById, shared tenant with RLS, 1 thread, tenants rotating",
                    "session switched and SQL by hand", "plain filter", medianOf(rot, 1, 0), FLOOR, true)));
            rows.add(print(out, new Row("getById, shared tenant with RLS, 1 thread, tenants rotating",
                    "signed entry and SQL by hand", "plain filter", medianOf(rot, 2, 0), FLOOR, true)));
            double rotatingOwn = median(rot[1]);
            rows.add(print(out, new Row("getById, shared tenant with RLS, 1 thread, tenants rotating", "TenantStore",
                    "session switched and SQL by hand", rotatingOwn, OWN_WORK, rotatingOwn <= 1.05)));
            out.printf(Locale.ROOT, "  switched / signed entry = %.2fx%n", medianOf(rot, 1, 2));
            // one tenant: the connection keeps it, and only the policies' per-statement part is paid
            Side oneTenantStore = i -> tenantStore.call(0);
            Side oneFiltered = i -> filtered.call(0);
            // the floor: the same statement by hand as the runtime login, on a connection of the escape
            // hatch (tenant 0 entered at checkout, held for the whole slice); the plain side holds a
            // connection the same way, so that only the policies differ
            double[][] one;
            try (Connection held = ts[0].unwrap(javax.sql.DataSource.class).getConnection();
                 Connection heldPlain = p.getConnection()) {
                Side underPolicies = i -> byId(held, tenantIds[0], userUuids[0]);
                Side plainHeld = i -> byId(heldPlain, tenantIds[0], userUuids[0]);
                one = pairedRounds(settings, 1, oneTenantStore, oneFiltered, underPolicies, plainHeld);
            }
            double vsPlain = median(one[0]);
            rows.add(print(out, new Row("getById, shared tenant with RLS, 1 thread, one tenant", "TenantStore",
                    "plain filter", vsPlain, POLICY_COST, true)));
            rows.add(print(out, new Row("getById, shared tenant with RLS, 1 thread, one tenant",
                    "same SQL under the policies", "plain filter", medianOf(one, 1, 2), FLOOR, true)));
            // the store checks a connection out per call; the floor holds one for the whole slice
            double oneOwn = median(one[1]);
            rows.add(print(out, new Row("getById, shared tenant with RLS, 1 thread, one tenant", "TenantStore",
                    "same SQL under the policies", oneOwn, OWN_WORK, oneOwn <= 1.05)));
        } finally {
            if (plain != null) {
                plain.close();
            }
            if (appPool != null) {
                appPool.close();
            }
            dropDatabase(server, db);
        }
    }

    // ---- first call of brand-new schema tenants ----------------------------------------------------

    /** Spare schemas the store keeps in the cold-start case (off by default; see docs/operations.md). */
    static final int COLD_SPARES = 4;

    private static void coldStart(TestDatabase server, Settings settings, PrintStream out, List<Row> rows)
            throws Exception {
        String db = "bench_peer_cold_" + suffix();
        String url = server.createDatabase(db);
        Path root = Files.createTempDirectory("tenantstore-peer-");
        Path plainRoot = Files.createTempDirectory("tenantstore-peer-");
        long[] tsNanos = new long[settings.cold()];
        long[] plainNanos = new long[settings.cold()];
        long[] peerNanos = new long[settings.cold()];
        long[] floorNanos = new long[settings.cold()];
        List<String> scripts = bundledScripts();
        int fromSpare;
        // the same data source twice: with spare schemas, and without (every new schema created in full)
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root).noBackgroundMaintenance()
                .defaultTenantDb(admin(server, url, Isolation.SCHEMA).toBuilder().spareSchemas(COLD_SPARES).build())
                .build();
             DataAccessLayer plain = TenantStore.builder().fsRoot(plainRoot).noBackgroundMaintenance()
                .defaultTenantDb(admin(server, url, Isolation.SCHEMA)).build();
             HikariDataSource peer = pool(server, url, 10);
             Connection watch = adminConnection(server, url)) {
            for (int i = 0; i < settings.cold(); i++) {
                store.config().tenants().create(NewTenant.of("c" + i, "Cold " + i));
                plain.config().tenants().create(NewTenant.of("n" + i, "New " + i));
            }
            UUID nobody = UUID.randomUUID();
            for (int i = 0; i < settings.cold(); i++) {
                // the stock is refilled in the background: no side is timed while a refill runs
                awaitSpares(watch, COLD_SPARES);
                long t0 = System.nanoTime();
                store.forTenant("c" + i).users().getById(nobody.toString());
                tsNanos[i] = System.nanoTime() - t0;
                awaitSpares(watch, COLD_SPARES);

                t0 = System.nanoTime();
                plain.forTenant("n" + i).users().getById(nobody.toString());
                plainNanos[i] = System.nanoTime() - t0;

                String schema = "p_c" + i;
                t0 = System.nanoTime();
                Flyway.configure().dataSource(peer).schemas(schema).createSchemas(true)
                        .locations("classpath:db/tenantstore/postgresql").load().migrate();
                try (Connection c = peer.getConnection()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET search_path TO " + schema);
                    }
                    byIdOptional(c, UUID.randomUUID(), nobody);
                }
                peerNanos[i] = System.nanoTime() - t0;

                // the floor: what any library must do so that Flyway can upgrade the schema later, by
                // hand in one transaction: the bundled scripts and Flyway's history of them; then the query
                String bare = "f_c" + i;
                t0 = System.nanoTime();
                try (Connection c = peer.getConnection()) {
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE SCHEMA " + bare);
                        s.execute("SET LOCAL search_path TO " + bare);
                        for (String script : scripts) {
                            s.execute(script);
                        }
                        s.execute(historyOf(bare, scripts.size()));
                    }
                    c.commit();
                    c.setAutoCommit(true);
                    try (Statement s = c.createStatement()) {
                        s.execute("SET search_path TO " + bare);
                    }
                    byIdOptional(c, UUID.randomUUID(), nobody);
                }
                floorNanos[i] = System.nanoTime() - t0;
            }
            fromSpare = schemasFromSpares(watch, "t_c");
        } finally {
            dropDatabase(server, db);
        }
        double tsMedianMs = median(tsNanos) / 1e6;
        double plainMedianMs = median(plainNanos) / 1e6;
        double peerMedianMs = median(peerNanos) / 1e6;
        double floorMedianMs = median(floorNanos) / 1e6;
        double speedup = peerMedianMs / tsMedianMs;
        out.printf(Locale.ROOT, "first call of a new schema tenant: TenantStore with %d spare schemas median %.1f ms"
                + " (%d of %d first calls took a spare, %d created theirs), without spare schemas median %.1f ms"
                + " (%.2fx), search_path pool + Flyway median %.1f ms, the scripts and history by hand median %.1f ms%n",
                COLD_SPARES, tsMedianMs, fromSpare, settings.cold(), settings.cold() - fromSpare, plainMedianMs,
                peerMedianMs / plainMedianMs, peerMedianMs, floorMedianMs);
        rows.add(print(out, new Row("first call, new schema tenant (speed-up)", "search_path pool + Flyway",
                "TenantStore", speedup, ">= 3.00 and median <= 30 ms", speedup >= 3 && tsMedianMs <= 30)));
        // the default (no spares): the schema is created and brought to the current version in the call
        double plainSpeedup = peerMedianMs / plainMedianMs;
        // without spares the call is mostly the server running the DDL; the floor shows how much
        rows.add(print(out, new Row("first call, new schema tenant, no spare schemas (speed-up)",
                "search_path pool + Flyway", "TenantStore", plainSpeedup, "none (the server's DDL, see the floor)",
                true)));
        double coldOwn = plainMedianMs / floorMedianMs;
        rows.add(print(out, new Row("first call, new schema tenant, no spare schemas", "TenantStore",
                "scripts and history by hand", coldOwn, OWN_WORK, coldOwn <= 1.05)));
    }

    /**
     * @return Flyway's history table (as Flyway creates it on PostgreSQL) with the schema's creation
     *         and {@code scripts} applied scripts recorded, for the cold floor
     */
    static String historyOf(String schema, int scripts) {
        StringBuilder sql = new StringBuilder("CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL,"
                + " version VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL,"
                + " script VARCHAR(1000) NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL,"
                + " installed_on TIMESTAMP NOT NULL DEFAULT now(), execution_time INT NOT NULL,"
                + " success BOOLEAN NOT NULL);"
                + " ALTER TABLE flyway_schema_history ADD CONSTRAINT flyway_schema_history_pk"
                + " PRIMARY KEY (installed_rank);"
                + " CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success);"
                + " INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                + " checksum, installed_by, execution_time, success) VALUES"
                + " (0, NULL, '<< Flyway Schema Creation >>', 'SCHEMA', '\"" + schema + "\"', NULL, current_user, 0, true)");
        for (int v = 1; v <= scripts; v++) {
            sql.append(", (").append(v).append(", '").append(v).append("', 'script ").append(v)
                    .append("', 'SQL', 'V").append(v).append("__script.sql', 0, current_user, 0, true)");
        }
        return sql.toString();
    }

    /** @return the texts of the bundled PostgreSQL scripts ({@code V<n>__*.sql}), in version order */
    static List<String> bundledScripts() throws Exception {
        String dir = "db/tenantstore/postgresql";
        java.net.URL url = PeerHarness.class.getClassLoader().getResource(dir);
        if (url == null) {
            throw new IllegalStateException("no bundled scripts on the class path under " + dir);
        }
        List<Path> files;
        java.nio.file.FileSystem jar = null;
        try {
            Path base;
            if (url.getProtocol().equals("jar")) {
                jar = java.nio.file.FileSystems.newFileSystem(url.toURI(), java.util.Map.of());
                base = jar.getPath(dir);
            } else {
                base = Path.of(url.toURI());
            }
            try (var listing = Files.list(base)) {
                files = listing.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                        .sorted(java.util.Comparator.comparingInt(f -> Integer.parseInt(
                                f.getFileName().toString().substring(1, f.getFileName().toString().indexOf("__")))))
                        .toList();
            }
            List<String> texts = new ArrayList<>();
            for (Path f : files) {
                texts.add(Files.readString(f));
            }
            return texts;
        } finally {
            if (jar != null) {
                jar.close();
            }
        }
    }

    /** Waits (at most 10 s) until the data source keeps {@code spares} spare schemas. */
    private static void awaitSpares(Connection c, int spares) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (countSpares(c) < spares && System.nanoTime() < deadline) {
            Thread.sleep(2); // polling a benchmark's background work, not a test's synchronisation
        }
    }

    private static int countSpares(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_namespace WHERE nspname LIKE ? ESCAPE '!'")) {
            ps.setString(1, DbConfig.SPARE_SCHEMA_PREFIX.replace("_", "!_") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** @return how many schemas named {@code prefix}* were spares taken by a new tenant (their comment says so) */
    private static int schemasFromSpares(Connection c, String prefix) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_namespace WHERE nspname LIKE ?"
                + " ESCAPE '!' AND obj_description(oid, 'pg_namespace') LIKE 'TenantStore: created in advance%'")) {
            ps.setString(1, prefix.replace("_", "!_") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    // ---- many schema tenants: connections -----------------------------------------------------------

    private static void scale(TestDatabase server, Settings settings, PrintStream out, List<Row> rows)
            throws Exception {
        String db = "bench_peer_scale_" + suffix();
        String url = server.createDatabase(db);
        Path root = Files.createTempDirectory("tenantstore-peer-");
        int poolMax;
        int tsConnections;
        long t0 = System.nanoTime();
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root).noBackgroundMaintenance()
                .defaultTenantDb(admin(server, url, Isolation.SCHEMA)).build()) {
            poolMax = PoolSettings.DEFAULT_MAX_SIZE;
            String nobody = UUID.randomUUID().toString();
            for (int i = 0; i < settings.schemas(); i++) {
                store.config().tenants().create(NewTenant.of("s" + i, "Scale " + i));
                store.forTenant("s" + i).users().getById(nobody);
            }
            tsConnections = store.stats().pools().stream().mapToInt(p -> p.active() + p.idle()).sum();
        }
        double tsSeconds = (System.nanoTime() - t0) / 1e9;
        // the peer: an idiomatic pool per tenant (2 connections kept each) until the server refuses
        List<HikariDataSource> pools = new ArrayList<>();
        int reached = 0;
        String refused = null;
        try {
            for (int i = 0; i < settings.schemas(); i++) {
                try {
                    HikariDataSource p = pool(server, withParam(url, "currentSchema", "t_s" + i), 2);
                    pools.add(p);
                    try (Connection c = p.getConnection()) {
                        c.isValid(1);
                    }
                    reached = i + 1;
                } catch (RuntimeException | SQLException e) {
                    refused = e.getClass().getSimpleName();
                    break;
                }
            }
        } finally {
            pools.forEach(HikariDataSource::close);
            dropDatabase(server, db);
        }
        out.printf("%d schema tenants touched once: TenantStore %d connection(s) in %.1f s; pool per tenant %s%n",
                settings.schemas(), tsConnections, tsSeconds,
                refused == null ? "opened all " + reached + " pools" : "stopped at tenant " + (reached + 1)
                        + " (" + refused + ")");
        rows.add(print(out, new Row("schema tenants touched once: connections / pool max", "TenantStore",
                "pool max", tsConnections / (double) poolMax, "<= 1.00", tsConnections <= poolMax)));
    }

    // ---- measurement ------------------------------------------------------------------------------

    /**
     * Runs {@code subject} and each peer in turn, {@code settings.rounds()} times, the order rotating
     * every round, and returns for each peer the median over rounds of subject time per call / peer
     * time per call.
     */
    static double[] paired(Settings settings, int threads, Side subject, Side... peers) throws Exception {
        double[][] ratios = pairedRounds(settings, threads, subject, peers);
        double[] out = new double[peers.length];
        for (int p = 0; p < peers.length; p++) {
            out[p] = median(ratios[p]);
        }
        return out;
    }

    /**
     * The median over rounds of peer {@code a}'s time per call over peer {@code b}'s, from the
     * per-round ratios of {@link #pairedRounds} (subject over each peer): a floor row's own figure.
     */
    static double medianOf(double[][] ratios, int a, int b) {
        double[] r = new double[ratios[a].length];
        for (int round = 0; round < r.length; round++) {
            r[round] = ratios[b][round] / ratios[a][round];
        }
        return median(r);
    }

    /** @return for each peer, per round: subject time per call / that peer's, measured in the same round */
    static double[][] pairedRounds(Settings settings, int threads, Side subject, Side... peers) throws Exception {
        Side[] sides = new Side[peers.length + 1];
        sides[0] = subject;
        System.arraycopy(peers, 0, sides, 1, peers.length);
        // warm every side once so class loading and first connections stay out of the figures
        for (Side s : sides) {
            slice(s, threads, settings.slice());
        }
        double[][] ratios = new double[peers.length][settings.rounds()];
        for (int round = 0; round < settings.rounds(); round++) {
            double[] perCall = new double[sides.length];
            for (int k = 0; k < sides.length; k++) {
                int side = (k + round) % sides.length;
                perCall[side] = slice(sides[side], threads, settings.slice());
            }
            for (int p = 0; p < peers.length; p++) {
                ratios[p][round] = perCall[0] / perCall[p + 1];
            }
        }
        return ratios;
    }

    /** @return nanoseconds per call, with {@code threads} threads calling for {@code length} */
    private static double slice(Side side, int threads, Duration length) throws Exception {
        LongAdder calls = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(threads);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            int first = t % TENANTS;
            Thread th = new Thread(() -> {
                started.countDown();
                try {
                    int tenant = first;
                    while (!stop.get()) {
                        side.call(tenant);
                        calls.increment();
                        tenant = tenant + 1 == TENANTS ? 0 : tenant + 1;
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            });
            th.setDaemon(true);
            th.start();
        }
        started.await();
        long t0 = System.nanoTime();
        Thread.sleep(length.toMillis()); // the measured interval itself, not a stand-in for synchronisation
        stop.set(true);
        done.await();
        long elapsed = System.nanoTime() - t0;
        if (failure.get() != null) {
            throw failure.get();
        }
        return calls.sum() == 0 ? Double.MAX_VALUE : elapsed * (double) threads / calls.sum();
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double median(long[] values) {
        return median(Arrays.stream(values).asDoubleStream().toArray());
    }

    private static Row print(PrintStream out, Row row) {
        out.printf(Locale.ROOT, "| %s | %s / %s = %.2fx | target %s | %s |%n", row.name(), row.subject(),
                row.peer(), row.ratio(), row.target(),
                row.target().startsWith("none") ? "reported" : row.met() ? "MET" : "MISSED");
        return row;
    }

    // ---- plumbing ---------------------------------------------------------------------------------

    private static void byId(Connection c, UUID tenant, UUID user) throws SQLException {
        byId(c, BY_ID, tenant, user);
    }

    private static void byId(Connection c, String sql, UUID tenant, UUID user) throws SQLException {
        if (!byIdOptional(c, sql, tenant, user)) {
            throw new IllegalStateException("user not found");
        }
    }

    private static boolean byIdOptional(Connection c, UUID tenant, UUID user) throws SQLException {
        return byIdOptional(c, BY_ID, tenant, user);
    }

    private static boolean byIdOptional(Connection c, String sql, UUID tenant, UUID user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, tenant);
            ps.setObject(2, user);
            try (ResultSet rs = ps.executeQuery()) {
                return readUser(rs);
            }
        }
    }

    /** Binds the parameters of a statement's guard; returns the index of the statement's own first one. */
    @FunctionalInterface
    private interface GuardBinder {
        int bind(PreparedStatement ps) throws SQLException;
    }

    /** {@code sql} enters or switches to the tenant ({@code guard} binds how), then reads the user, in one round trip. */
    private static void guardedById(Connection c, String sql, GuardBinder guard, UUID tenant, UUID user)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int first = guard.bind(ps);
            ps.setObject(first, tenant);
            ps.setObject(first + 1, user);
            ps.execute();
            ps.getMoreResults(); // past the tenant's entry, to the user's row
            try (ResultSet rs = ps.getResultSet()) {
                if (!readUser(rs)) {
                    throw new IllegalStateException("user not found");
                }
            }
        }
    }

    private static boolean readUser(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return false;
        }
        // read and kept like an application's own row mapping would
        rs.getObject(1, UUID.class);
        rs.getString(2);
        rs.getBoolean(3);
        rs.getString(4);
        rs.getObject(5, java.time.OffsetDateTime.class);
        rs.getString(6);
        rs.getString(7);
        rs.getObject(8, java.time.OffsetDateTime.class);
        rs.getObject(9, java.time.OffsetDateTime.class);
        rs.getObject(10, java.time.OffsetDateTime.class);
        for (int col = 11; col <= 16; col++) {
            rs.getString(col);
        }
        rs.getBoolean(17);
        rs.getString(18);
        return true;
    }

    private static DbConfig admin(TestDatabase server, String url, Isolation isolation) {
        return DbConfig.builder("postgres", url).isolation(isolation).username(server.username())
                .password(server.password() == null ? null : Secret.of(server.password())).build();
    }

    private static HikariDataSource pool(TestDatabase server, String url, int max) {
        return pool(url, server.username(), server.password(), max);
    }

    private static HikariDataSource pool(String url, String user, @Nullable String password, int max) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        if (password != null) {
            c.setPassword(password);
        }
        c.setMaximumPoolSize(max);
        c.setMinimumIdle(Math.min(2, max));
        c.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }

    private static Connection adminConnection(TestDatabase server, String url) throws SQLException {
        return DriverManager.getConnection(url, server.username(), server.password() == null ? "" : server.password());
    }

    private static void ensureAppRole(TestDatabase server) throws SQLException {
        try (Connection c = adminConnection(server, server.url()); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + APP_ROLE + "') THEN"
                    + " CREATE ROLE " + APP_ROLE + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '" + APP_ROLE + "';"
                    + " END IF; END $$");
        }
    }

    private static void dropDatabase(TestDatabase server, String db) {
        try (Connection c = adminConnection(server, server.url()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop benchmark database " + db, e);
        }
    }

    private static String withParam(String url, String name, String value) {
        return url + (url.indexOf('?') < 0 ? "?" : "&") + name + "=" + value;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
}

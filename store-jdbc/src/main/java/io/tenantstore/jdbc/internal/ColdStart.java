package io.tenantstore.jdbc.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

import javax.sql.DataSource;

import io.tenantstore.DbConfig;
import io.tenantstore.jdbc.SqlDialect;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a brand-new tenant schema (a PostgreSQL schema, a MySQL/MariaDB database) to the current
 * version without starting Flyway: creates it, applies every bundled {@code V<n>__*.sql} script in
 * version order, and records them in the history table exactly as Flyway would (same table, same
 * rows: the schema-creation marker, then one row per script with Flyway's description, script
 * name and CRC32 checksum). Flyway, which still runs for upgrades, then finds the schema current,
 * validates it and applies whatever newer scripts a later release bundles.
 *
 * <p>On PostgreSQL everything happens in one transaction: a failure leaves nothing behind. MySQL
 * commits each DDL statement, so a failure drops the database it created. Either way the caller
 * then falls back to Flyway. Only a schema that does not exist yet is cold-started; an existing one
 * (even an empty one) goes the Flyway way. Scripts with placeholders other than
 * {@code ${flyway:defaultSchema}} and {@code ${flyway:table}}, or a location that is not a plain
 * list of integer-versioned scripts, are left to Flyway too.
 *
 * <p>Spare schemas (PostgreSQL, off unless {@code spares > 0}): a stock of schemas created the same
 * way ahead of need, under names starting with {@link DbConfig#SPARE_SCHEMA_PREFIX}, the bundled
 * version and a fingerprint of the scripts. A new tenant takes one in a single short transaction
 * (rename it, point Flyway's schema-creation marker at the new name), which costs a few catalog
 * updates instead of the whole DDL; the stock is refilled in the background. Two processes never
 * take the same spare: each takes a transaction-scoped advisory lock on the spare's name first,
 * and the rename itself is atomic. Spares of an older version (or of other scripts at the same
 * version) are dropped at every refill; those of a newer version are left to the release that
 * made them.
 *
 * <p>At most {@code maxConcurrent} cold starts, claims and spare creations run at once per pool
 * (each holds one connection for its transaction); the others wait. Thread-safe.
 */
final class ColdStart {
    /** Most cold starts at once on one data source. Default: 4. */
    static final int DEFAULT_MAX_CONCURRENT = 4;

    private static final Logger LOG = LoggerFactory.getLogger(ColdStart.class);
    /** The first key of the advisory locks on spare names ("tsSP"); Flyway locks with one 64-bit key, never this pair. */
    private static final int SPARE_LOCK_CLASS = 0x74735350;
    /** What a schema made from a spare says about itself (operators, the benchmark's count). */
    static final String CLAIMED_COMMENT = "TenantStore: created in advance as a spare schema";
    private static final String SPARE_COMMENT = "TenantStore spare schema: the next new tenant on this data source"
            + " takes it by renaming it; not a tenant";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** The engines cold start knows Flyway's history table and schema creation of. */
    enum Engine {
        POSTGRESQL, MYSQL;

        static Optional<Engine> of(SqlDialect dialect) {
            return switch (dialect.name()) {
                case "postgresql" -> Optional.of(POSTGRESQL);
                case "mysql", "mariadb" -> Optional.of(MYSQL);
                default -> Optional.empty();
            };
        }
    }

    private final Engine engine;
    private final SqlDialect dialect;
    private final DataSource connections;
    private final List<BundledMigrations.Script> scripts;
    private final List<String> texts;
    private final List<Integer> checksums;
    private final String table;
    private final String source;
    private final Semaphore permits;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    /** Schemas built empty here and not yet bound: their first tenant needs no ownership check. */
    private final java.util.Set<String> built = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Spare schemas to keep; 0: none. */
    private final int spares;
    private final @Nullable Executor refills;
    /** Names of this version's spares start with this: prefix, version, fingerprint of the scripts. */
    private final String sparePrefix;
    /** Requests for a refill since the running one started; the refill runs while this is not 0. */
    private final AtomicInteger refillRequests = new AtomicInteger();
    private volatile boolean closed;

    private ColdStart(Engine engine, SqlDialect dialect, DataSource connections, List<BundledMigrations.Script> scripts,
                      List<String> texts, List<Integer> checksums, String table, String source, int maxConcurrent,
                      int spares, @Nullable Executor refills) {
        this.engine = engine;
        this.dialect = dialect;
        this.connections = connections;
        this.scripts = scripts;
        this.texts = texts;
        this.checksums = checksums;
        this.table = table;
        this.source = source;
        this.permits = new Semaphore(maxConcurrent, true);
        // a script naming its own schema would keep the spare's name after the rename (a function's
        // search path, a default): such scripts are applied to the tenant's schema directly
        boolean namesItsSchema = texts.stream().anyMatch(t -> t.contains("${flyway:defaultSchema}"));
        if (spares > 0 && namesItsSchema) {
            LOG.warn("Spare schemas are off on {}: a bundled script names its own schema", source);
        }
        this.spares = engine == Engine.POSTGRESQL && refills != null && !namesItsSchema ? spares : 0;
        this.refills = refills;
        this.sparePrefix = DbConfig.SPARE_SCHEMA_PREFIX + scripts.get(scripts.size() - 1).version() + "_"
                + fingerprint(scripts, checksums) + "_";
    }

    /** Eight hex digits over every script's version and checksum: spares of other scripts are not claimed. */
    private static String fingerprint(List<BundledMigrations.Script> scripts, List<Integer> checksums) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < scripts.size(); i++) {
            crc.update((scripts.get(i).version() + ":" + checksums.get(i) + ";").getBytes(StandardCharsets.UTF_8));
        }
        return String.format(java.util.Locale.ROOT, "%08x", crc.getValue());
    }

    /**
     * @param dialect       the engine
     * @param connections   connections of the login that creates schemas (each cold start takes one
     *                      and returns it; a PostgreSQL pool connection leaves with its settings
     *                      unchanged, MySQL's are changed, so give MySQL unpooled ones)
     * @param loader        the class loader of the bundled scripts
     * @param location      their Flyway location
     * @param table         Flyway's history table for them
     * @param source        the data source, for messages
     * @param maxConcurrent most cold starts at once
     * @return the cold start, or empty when the engine or the scripts do not allow one
     */
    static Optional<ColdStart> of(SqlDialect dialect, DataSource connections, ClassLoader loader, String location,
                                  String table, String source, int maxConcurrent) {
        return of(dialect, connections, loader, location, table, source, maxConcurrent, 0, null);
    }

    /**
     * As above, keeping spare schemas ready (PostgreSQL only; ignored elsewhere).
     *
     * @param spares  how many spare schemas to keep, 0 for none
     * @param refills runs the background refills (one at a time), {@code null} when {@code spares} is 0
     */
    static Optional<ColdStart> of(SqlDialect dialect, DataSource connections, ClassLoader loader, String location,
                                  String table, String source, int maxConcurrent, int spares,
                                  @Nullable Executor refills) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
        Optional<Engine> engine = Engine.of(dialect);
        return engine.isEmpty() ? Optional.empty()
                : of(engine.get(), dialect, connections, loader, location, table, source, maxConcurrent, spares,
                        refills);
    }

    /** As above, for a given engine (tests use a stub dialect). */
    static Optional<ColdStart> of(Engine engine, SqlDialect dialect, DataSource connections, ClassLoader loader,
                                  String location, String table, String source, int maxConcurrent) {
        return of(engine, dialect, connections, loader, location, table, source, maxConcurrent, 0, null);
    }

    /** As above, for a given engine, with spares. */
    static Optional<ColdStart> of(Engine engine, SqlDialect dialect, DataSource connections, ClassLoader loader,
                                  String location, String table, String source, int maxConcurrent, int spares,
                                  @Nullable Executor refills) {
        if (spares < 0 || (spares > 0 && refills == null)) {
            throw new IllegalArgumentException("spares must be 0, or positive with an executor for the refills");
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
        Optional<List<BundledMigrations.Script>> scripts = BundledMigrations.scripts(loader, location);
        if (scripts.isEmpty()) {
            return Optional.empty();
        }
        List<String> texts = new ArrayList<>();
        List<Integer> checksums = new ArrayList<>();
        for (BundledMigrations.Script s : scripts.get()) {
            String text = read(loader, s.resource());
            String rest = text.replace("${flyway:defaultSchema}", "").replace("${flyway:table}", "");
            if (rest.contains("${") || (engine == Engine.MYSQL && text.toUpperCase(java.util.Locale.ROOT)
                    .contains("DELIMITER"))) {
                return Optional.empty(); // placeholders or delimiters only Flyway resolves
            }
            texts.add(text);
            checksums.add(checksum(text));
        }
        return Optional.of(new ColdStart(engine, dialect, connections, scripts.get(), List.copyOf(texts),
                List.copyOf(checksums), table, source, maxConcurrent, spares, refills));
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing migration " + resource));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + resource, e);
        }
    }

    /** Flyway's checksum: CRC32 over the UTF-8 bytes of each line, without line breaks and byte-order mark. */
    static int checksum(String text) {
        CRC32 crc = new CRC32();
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (int) crc.getValue();
    }

    /** @return the versions it applies, highest last (tests) */
    List<Integer> versions() {
        return scripts.stream().map(BundledMigrations.Script::version).toList();
    }

    /** @return how many cold starts wait for a permit now (tests) */
    int waiting() {
        return permits.getQueueLength();
    }

    /** @return the most cold starts that ran at once so far (tests) */
    int mostRunning() {
        return mostRunning.get();
    }

    /** @return what the names of this version's spare schemas start with (tests) */
    String sparePrefix() {
        return sparePrefix;
    }

    /** Stops refilling: no spare is started after this returns (one being created finishes). */
    void close() {
        closed = true;
    }

    /**
     * @param schema a schema {@link #create} returned true for
     * @return whether this process built it empty (not claimed from the spares), once per schema
     */
    boolean takeBuilt(String schema) {
        return built.remove(schema);
    }

    /**
     * Creates {@code schema} and brings it to the current version, unless it exists.
     *
     * @param schema a validated identifier
     * @return whether it was created here (and is current); {@code false} when it exists already, or
     *         the cold start failed and left nothing: the caller runs Flyway as usual
     */
    boolean create(String schema) {
        permits.acquireUninterruptibly();
        int now = running.incrementAndGet();
        mostRunning.accumulateAndGet(now, Math::max);
        try {
            return engine == Engine.POSTGRESQL ? createPostgres(schema) : createMysql(schema);
        } finally {
            running.decrementAndGet();
            permits.release();
            // a claim took a spare, or the stock was empty: top it up (after the permit is back)
            refill();
        }
    }

    private boolean createPostgres(String schema) {
        long t0 = System.nanoTime();
        boolean fromSpare;
        try (Connection c = connections.getConnection()) {
            if (exists(c, "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?", schema)) {
                return false;
            }
            fromSpare = spares > 0 && claim(c, schema);
            if (!fromSpare) {
                buildPostgres(c, schema, null);
                built.add(schema);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Cold start of schema '{}' on {} failed, nothing was kept; Flyway migrates it instead: {}", schema,
                    source, e.toString());
            return false;
        }
        LOG.info("Created schema '{}' on {} at version {} without Flyway{} in {} ms", schema, source,
                versions().get(versions().size() - 1), fromSpare ? " (a spare schema renamed)" : "",
                (System.nanoTime() - t0) / 1_000_000);
        return true;
    }

    /**
     * Creates {@code schema} at the current version in one transaction on {@code c}.
     *
     * @param comment the schema's comment, or {@code null} for none
     */
    private void buildPostgres(Connection c, String schema, @Nullable String comment) throws SQLException {
        String quoted = dialect.quoteIdentifier(schema);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            // SET LOCAL: the pooled connection's search path is back at the end of the transaction
            st.execute("CREATE SCHEMA " + quoted + "; SET LOCAL search_path TO " + quoted
                    + (comment == null ? "" : "; COMMENT ON SCHEMA " + quoted + " IS " + literal(comment)));
            String history = quoted + "." + dialect.quoteIdentifier(table);
            st.execute("CREATE TABLE " + history + " (\n"
                    + "    \"installed_rank\" INT NOT NULL,\n"
                    + "    \"version\" VARCHAR(50),\n"
                    + "    \"description\" VARCHAR(200) NOT NULL,\n"
                    + "    \"type\" VARCHAR(20) NOT NULL,\n"
                    + "    \"script\" VARCHAR(1000) NOT NULL,\n"
                    + "    \"checksum\" INTEGER,\n"
                    + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
                    + "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
                    + "    \"execution_time\" INTEGER NOT NULL,\n"
                    + "    \"success\" BOOLEAN NOT NULL\n"
                    + ");\n"
                    + "ALTER TABLE " + history + " ADD CONSTRAINT \"" + table + "_pk\" PRIMARY KEY (\"installed_rank\");\n"
                    + "CREATE INDEX \"" + table + "_s_idx\" ON " + history + " (\"success\")");
            int[] millis = apply(st, schema);
            record(c, history, "current_user", '"' + schema + '"', millis);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * Renames one of this version's spare schemas to {@code schema}, with Flyway's schema-creation
     * marker, in one transaction. The advisory lock on the spare's name keeps two processes (or
     * threads) off the same spare without waiting: a locked spare is skipped.
     *
     * @return whether {@code schema} now exists, made from a spare; {@code false} when there was no
     *         free spare or the claim failed (rolled back, nothing changed)
     */
    private boolean claim(Connection c, String schema) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        String spare = null;
        try {
            // OFFSET 0 keeps the lock call from running on names the LIKE has not matched yet
            try (PreparedStatement ps = c.prepareStatement("SELECT nspname FROM (SELECT nspname"
                    + " FROM pg_catalog.pg_namespace WHERE nspname LIKE ? ESCAPE '!'"
                    + " AND pg_catalog.pg_has_role(current_user, nspowner, 'USAGE') OFFSET 0) s"
                    + " WHERE pg_catalog.pg_try_advisory_xact_lock(?, pg_catalog.hashtext(nspname)) LIMIT 1")) {
                ps.setString(1, likePrefix(sparePrefix));
                ps.setInt(2, SPARE_LOCK_CLASS);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        spare = rs.getString(1);
                    }
                }
            }
            if (spare == null) {
                c.rollback();
                return false;
            }
            String quoted = dialect.quoteIdentifier(schema);
            try (Statement st = c.createStatement()) {
                // one round trip; fails (rolled back below) when the schema appeared meanwhile
                st.execute("ALTER SCHEMA " + dialect.quoteIdentifier(spare) + " RENAME TO " + quoted + ";\n"
                        + "UPDATE " + quoted + "." + dialect.quoteIdentifier(table) + " SET script = "
                        + literal('"' + schema + '"') + " WHERE installed_rank = 0 AND type = 'SCHEMA';\n"
                        + "COMMENT ON SCHEMA " + quoted + " IS " + literal(CLAIMED_COMMENT));
            }
            c.commit();
            return true;
        } catch (SQLException e) {
            c.rollback();
            c.setAutoCommit(autoCommit);
            String state = e.getSQLState();
            if (spare != null && state != null && state.startsWith("42") && !state.equals("42P06")) {
                // a missing table or column, not "the schema exists already" (a race, the spare is
                // fine): the spare itself is broken (changed by hand?), so it goes rather than
                // failing every claim
                LOG.warn("Spare schema '{}' on {} could not be taken ({}); dropping it", spare, source, e.toString());
                dropSpare(c, spare);
            } else {
                LOG.debug("No spare schema taken for '{}' on {}: {}", schema, source, e.toString());
            }
            return false;
        } catch (RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** {@code prefix} as a LIKE pattern with {@code !} escaping (every {@code _} is literal), then {@code %}. */
    private static String likePrefix(String prefix) {
        return prefix.replace("!", "!!").replace("_", "!_").replace("%", "!%") + "%";
    }

    /** Starts a background refill of the spare schemas, unless spares are off or one is running. */
    void refill() {
        if (spares == 0 || closed || refillRequests.getAndIncrement() != 0) {
            return; // the running refill counts again before it stops
        }
        try {
            refills.execute(this::refillWhileAsked);
        } catch (RuntimeException e) {
            refillRequests.set(0);
            LOG.debug("Spare schemas on {} not refilled: {}", source, e.toString());
        }
    }

    private void refillWhileAsked() {
        int seen;
        do {
            seen = refillRequests.get();
            try {
                fillStock();
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    LOG.debug("Spare schema refill on {} stopped by close: {}", source, e.toString());
                } else {
                    LOG.warn("Could not refill the spare schemas on {}; new tenants are created in full until the"
                            + " next try: {}", source, e.toString());
                }
            }
        } while (!refillRequests.compareAndSet(seen, 0));
    }

    private void fillStock() throws SQLException {
        // at every refill, so the spares an older process made during a rolling upgrade go too
        dropOutdatedSpares();
        while (!closed) {
            int have;
            try (Connection c = connections.getConnection();
                 PreparedStatement ps = c.prepareStatement(
                         "SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname LIKE ? ESCAPE '!'"
                    + " AND pg_catalog.pg_has_role(current_user, nspowner, 'USAGE')")) {
                ps.setString(1, likePrefix(sparePrefix));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    have = rs.getInt(1);
                }
            }
            if (have >= spares) {
                return;
            }
            String name = sparePrefix + Long.toHexString(RANDOM.nextLong() >>> 16);
            permits.acquireUninterruptibly();
            try (Connection c = connections.getConnection()) {
                long t0 = System.nanoTime();
                buildPostgres(c, name, SPARE_COMMENT);
                LOG.debug("Created spare schema '{}' on {} in {} ms", name, source,
                        (System.nanoTime() - t0) / 1_000_000);
            } finally {
                permits.release();
            }
        }
    }

    /**
     * Drops the spares of an older version, or of other scripts at this version: no release claims
     * them any more. A spare another process is claiming (its name locked) is skipped.
     */
    private void dropOutdatedSpares() throws SQLException {
        int version = versions().get(versions().size() - 1);
        List<String> outdated = new ArrayList<>();
        try (Connection c = connections.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname LIKE ? ESCAPE '!'"
                    + " AND pg_catalog.pg_has_role(current_user, nspowner, 'USAGE')")) {
            ps.setString(1, likePrefix(DbConfig.SPARE_SCHEMA_PREFIX));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    OptionalInt theirs = spareVersion(name);
                    if (theirs.isPresent() && (theirs.getAsInt() < version
                            || (theirs.getAsInt() == version && !name.startsWith(sparePrefix)))) {
                        outdated.add(name);
                    }
                }
            }
            for (String name : outdated) {
                if (dropSpare(c, name)) {
                    LOG.info("Dropped spare schema '{}' on {}: made for version {}, this release bundles {}",
                            name, source, spareVersion(name).getAsInt(), version);
                }
            }
        }
    }

    /**
     * Drops a spare schema in a transaction of its own on {@code c}, unless another process is
     * claiming it (its name is locked).
     *
     * @return whether it was dropped (or was gone already)
     */
    private boolean dropSpare(Connection c, String name) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT pg_catalog.pg_try_advisory_xact_lock(?, pg_catalog.hashtext(?))")) {
            lock.setInt(1, SPARE_LOCK_CLASS);
            lock.setString(2, name);
            boolean mine;
            try (ResultSet rs = lock.executeQuery()) {
                mine = rs.next() && rs.getBoolean(1);
            }
            if (mine) {
                try (Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA IF EXISTS " + dialect.quoteIdentifier(name) + " CASCADE");
                }
            }
            c.commit();
            return mine;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** @return the version in a spare's name ({@code ts_spare_<version>_<fingerprint>_<random>}), if it has one */
    static OptionalInt spareVersion(String name) {
        if (!name.startsWith(DbConfig.SPARE_SCHEMA_PREFIX)) {
            return OptionalInt.empty();
        }
        String rest = name.substring(DbConfig.SPARE_SCHEMA_PREFIX.length());
        int end = rest.indexOf('_');
        if (end < 1 || end > 9 || !rest.substring(0, end).chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(rest.substring(0, end)));
    }

    private boolean createMysql(String schema) {
        String quoted = dialect.quoteIdentifier(schema);
        long t0 = System.nanoTime();
        boolean created = false;
        try (Connection c = connections.getConnection(); Statement st = c.createStatement();
             // MySQL commits each DDL statement: without the lock another process finds the database
             // created but not yet migrated, and runs Flyway into the history being written here
             MigrationLock lock = MigrationLock.on(c, dialect, "tenant", schema, "database '" + schema + "' of "
                     + source)) {
            if (exists(c, "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", schema)) {
                return false;
            }
            st.execute("CREATE SCHEMA " + quoted);
            created = true;
            try {
                dialect.enterSchema(c, schema);
                // a new statement: Connector/J runs a statement in the database current when it was created
                try (Statement in = c.createStatement()) {
                    createMysqlHistory(in, c, schema, quoted);
                }
            } catch (SQLException | RuntimeException e) {
                try {
                    st.execute(dialect.dropSchemaSql(quoted));
                } catch (SQLException drop) {
                    e.addSuppressed(drop);
                }
                throw e;
            }
        } catch (io.tenantstore.MigrationException e) {
            throw e; // another instance held the target's migration lock for the whole wait: say so, once
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Cold start of database '{}' on {} failed{}; Flyway migrates it instead: {}", schema, source,
                    created ? " (the database was dropped again)" : "", e.toString());
            return false;
        }
        LOG.info("Created database '{}' on {} at version {} without Flyway in {} ms", schema, source,
                versions().get(versions().size() - 1), (System.nanoTime() - t0) / 1_000_000);
        built.add(schema);
        return true;
    }

    private void createMysqlHistory(Statement st, Connection c, String schema, String quoted) throws SQLException {
        String history = quoted + "." + dialect.quoteIdentifier(table);
        st.execute("CREATE TABLE " + history + " (\n"
                + "    `installed_rank` INT NOT NULL,\n"
                + "    `version` VARCHAR(50),\n"
                + "    `description` VARCHAR(200) NOT NULL,\n"
                + "    `type` VARCHAR(20) NOT NULL,\n"
                + "    `script` VARCHAR(1000) NOT NULL,\n"
                + "    `checksum` INT,\n"
                + "    `installed_by` VARCHAR(100) NOT NULL,\n"
                + "    `installed_on` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
                + "    `execution_time` INT NOT NULL,\n"
                + "    `success` BOOL NOT NULL,\n"
                + "    CONSTRAINT `" + table + "_pk` PRIMARY KEY (`installed_rank`)\n"
                + ") ENGINE=InnoDB");
        st.execute("CREATE INDEX `" + table + "_s_idx` ON " + history + " (`success`)");
        int[] millis = apply(st, schema);
        record(c, history, "SUBSTRING_INDEX(USER(),'@',1)", '`' + schema + '`', millis);
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** @return each script's execution time in ms */
    private int[] apply(Statement st, String schema) throws SQLException {
        int[] millis = new int[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            String sql = texts.get(i).replace("${flyway:defaultSchema}", schema).replace("${flyway:table}", table);
            long t0 = System.nanoTime();
            if (engine == Engine.POSTGRESQL) {
                st.execute(sql); // the driver splits it, dollar quotes and comments understood
            } else {
                for (String statement : SqlScripts.split(sql)) {
                    st.execute(statement);
                }
            }
            millis[i] = (int) ((System.nanoTime() - t0) / 1_000_000);
        }
        return millis;
    }

    /** Writes the rows Flyway writes: the schema-creation marker (rank 0), then one per script. */
    private void record(Connection c, String history, String installedBy, String quotedForMarker, int[] millis)
            throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(history)
                .append(" (installed_rank, version, description, type, script, checksum, installed_by, execution_time,"
                        + " success) VALUES (0, NULL, '<< Flyway Schema Creation >>', 'SCHEMA', ?, NULL, ")
                .append(installedBy).append(", 0, TRUE)");
        for (int i = 0; i < scripts.size(); i++) {
            sql.append(", (?, ?, ?, 'SQL', ?, ?, ").append(installedBy).append(", ?, TRUE)");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            ps.setString(p++, quotedForMarker);
            for (int i = 0; i < scripts.size(); i++) {
                BundledMigrations.Script s = scripts.get(i);
                ps.setInt(p++, i + 1);
                ps.setString(p++, Integer.toString(s.version()));
                ps.setString(p++, s.description());
                ps.setString(p++, s.script());
                ps.setInt(p++, checksums.get(i));
                ps.setInt(p++, millis[i]);
            }
            ps.executeUpdate();
        }
    }

    @Override
    public String toString() {
        return "ColdStart[" + engine + ", " + source + ", versions " + versions() + "]";
    }
}

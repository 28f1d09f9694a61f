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
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

import javax.sql.DataSource;

import io.tenantstore.jdbc.SqlDialect;
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
 * <p>At most {@code maxConcurrent} cold starts run at once per pool (each holds one connection for
 * its transaction); the others wait. Thread-safe.
 */
final class ColdStart {
    /** Most cold starts at once on one data source. Default: 4. */
    static final int DEFAULT_MAX_CONCURRENT = 4;

    private static final Logger LOG = LoggerFactory.getLogger(ColdStart.class);

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

    private ColdStart(Engine engine, SqlDialect dialect, DataSource connections, List<BundledMigrations.Script> scripts,
                      List<String> texts, List<Integer> checksums, String table, String source, int maxConcurrent) {
        this.engine = engine;
        this.dialect = dialect;
        this.connections = connections;
        this.scripts = scripts;
        this.texts = texts;
        this.checksums = checksums;
        this.table = table;
        this.source = source;
        this.permits = new Semaphore(maxConcurrent, true);
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
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
        Optional<Engine> engine = Engine.of(dialect);
        return engine.isEmpty() ? Optional.empty()
                : of(engine.get(), dialect, connections, loader, location, table, source, maxConcurrent);
    }

    /** As above, for a given engine (tests use a stub dialect). */
    static Optional<ColdStart> of(Engine engine, SqlDialect dialect, DataSource connections, ClassLoader loader,
                                  String location, String table, String source, int maxConcurrent) {
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
                List.copyOf(checksums), table, source, maxConcurrent));
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
        }
    }

    private boolean createPostgres(String schema) {
        String quoted = dialect.quoteIdentifier(schema);
        long t0 = System.nanoTime();
        try (Connection c = connections.getConnection()) {
            if (exists(c, "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?", schema)) {
                return false;
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                // SET LOCAL: the pooled connection's search path is back at the end of the transaction
                st.execute("CREATE SCHEMA " + quoted + "; SET LOCAL search_path TO " + quoted);
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
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Cold start of schema '{}' on {} failed, nothing was kept; Flyway migrates it instead: {}", schema,
                    source, e.toString());
            return false;
        }
        LOG.info("Created schema '{}' on {} at version {} without Flyway in {} ms", schema, source,
                versions().get(versions().size() - 1), (System.nanoTime() - t0) / 1_000_000);
        return true;
    }

    private boolean createMysql(String schema) {
        String quoted = dialect.quoteIdentifier(schema);
        long t0 = System.nanoTime();
        boolean created = false;
        try (Connection c = connections.getConnection(); Statement st = c.createStatement()) {
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
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Cold start of database '{}' on {} failed{}; Flyway migrates it instead: {}", schema, source,
                    created ? " (the database was dropped again)" : "", e.toString());
            return false;
        }
        LOG.info("Created database '{}' on {} at version {} without Flyway in {} ms", schema, source,
                versions().get(versions().size() - 1), (System.nanoTime() - t0) / 1_000_000);
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

package io.tenantstore.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.tenantstore.ConflictException;
import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.HealthReport;
import io.tenantstore.InvalidInputException;
import io.tenantstore.MigrationException;
import io.tenantstore.Secret;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import io.tenantstore.core.credential.CredentialProviders;
import io.tenantstore.core.credential.RefreshingCredentialProvider;
import io.tenantstore.jdbc.SqlDialect;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.ControlPlaneStore;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's documents in SQL tables ({@code ts_cp_tenants}, {@code ts_cp_clients},
 * {@code ts_cp_scopes}, {@code ts_cp_branding}, {@code ts_cp_signing_keys}, the single row of {@code ts_cp_admins},
 * {@code ts_cp_changes}), migrated at open from
 * {@code db/tenantstore-control/<engine>} with its own history table. Every write is one
 * transaction that also appends to the change log (and, on PostgreSQL, sends a notification that
 * is delivered at commit), so a process killed mid-write leaves either the old or the new
 * documents. Thread-safe.
 */
public final class JdbcControlPlaneStore implements ControlPlaneStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcControlPlaneStore.class);
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();
    /** Flyway history table of the control-plane tables, apart from the tenant data's. */
    static final String HISTORY = "ts_control_history";
    /** Default: 4 connections; the control plane is a cold path. */
    static final int MAX_POOL_SIZE = 4;

    private final SqlDialect dialect;
    private final String source;
    private final HikariDataSource pool;
    private final DataSource plain;
    private final @Nullable RefreshingCredentialProvider credentials;

    private JdbcControlPlaneStore(SqlDialect dialect, String source, HikariDataSource pool, DataSource plain,
                                  @Nullable RefreshingCredentialProvider credentials) {
        this.dialect = dialect;
        this.source = source;
        this.pool = pool;
        this.plain = plain;
        this.credentials = credentials;
    }

    /**
     * Opens a small pool on the global database and migrates the control-plane tables (as its
     * {@code migrate} mode says: {@code validate} and {@code off} only check that they are current).
     *
     * @param config  the global database
     * @param dialect its engine
     * @return the open store
     * @throws UnavailableException when the database cannot be reached
     * @throws MigrationException   when the tables cannot be migrated
     */
    public static JdbcControlPlaneStore open(AdapterConfig config, SqlDialect dialect) {
        DbConfig db = config.db();
        String source = dialect.name() + " " + db.url() + db.username().map(u -> " as " + u).orElse("");
        RefreshingCredentialProvider credentials = CredentialProviders.forDataSource(config, source).orElse(null);
        Map<String, String> properties = new HashMap<>(dialect.defaultDriverProperties());
        properties.putAll(db.properties());
        DataSource plain = credentials != null
                ? new LoginRetryingDataSource(new MigrationDataSource(db.url(), db.username().orElse(null), null,
                        properties, credentials::current), credentials, config.clock())
                : new MigrationDataSource(db.url(), db.username().orElse(null),
                        db.password().map(Secret::reveal).orElse(null), properties, null);
        if (db.migrate() == io.tenantstore.MigrationMode.ON_CONNECT) {
            migrate(plain, dialect, source);
        } else {
            // validate and off alike: the store cannot run on tables older than this release's
            validate(plain, dialect, source);
        }
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("tenantstore-control-" + dialect.name() + "-" + POOL_NUMBER.incrementAndGet());
        hc.setDataSource(plain);
        hc.setMaximumPoolSize(Math.min(MAX_POOL_SIZE, db.pool().maxSize()));
        hc.setMinimumIdle(0);
        hc.setConnectionTimeout(db.pool().connectionTimeout().toMillis());
        hc.setMaxLifetime(db.pool().maxLifetime().toMillis());
        hc.setAutoCommit(true);
        hc.setInitializationFailTimeout(-1);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "cannot connect to " + source,
                    e.getCause() != null ? e.getCause() : e);
        } catch (RuntimeException e) {
            throw new InvalidInputException("cannot open a pool for " + source + ": " + e.getMessage(), e);
        }
        LOG.info("control plane in the global database {}", source);
        return new JdbcControlPlaneStore(dialect, source, pool, plain, credentials);
    }

    /**
     * Migrates under a database-wide lock, so instances starting together on a new database do not
     * race: Flyway's own lock lives in its history table, which the first of them is still creating
     * (seen on MySQL/MariaDB as "Unable to baseline schema history table ... as it already exists,
     * and is empty" in the instances that lost).
     */
    private static void migrate(DataSource plain, SqlDialect dialect, String source) {
        try (MigrationLock lock = MigrationLock.take(plain, dialect, "control-plane", null,
                "the control-plane tables of " + source)) {
            migrateLocked(plain, dialect, source);
        } catch (SQLException e) {
            if (isConnectFailure(e)) {
                throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "cannot connect to "
                        + source + " to migrate the control-plane tables", e);
            }
            throw new MigrationException("locking the control-plane migration of " + source + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DataSource plain, SqlDialect dialect) {
        return Flyway.configure(JdbcControlPlaneStore.class.getClassLoader())
                .dataSource(plain)
                .locations(dialect.controlPlaneMigrationLocation())
                .table(HISTORY)
                // the global database may hold other tables already (tenant data, the application's)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .failOnMissingLocations(true)
                .cleanDisabled(true)
                .loggers("slf4j");
    }

    /**
     * {@code migrate: validate}: opens only when the control-plane tables are current, and writes
     * nothing (a dry run of the command line opens the database this way).
     */
    private static void validate(DataSource plain, SqlDialect dialect, String source) {
        int pending;
        try {
            pending = flyway(plain, dialect).load().info().pending().length;
        } catch (org.flywaydb.core.api.FlywayException e) {
            throw failure(e, source, "check");
        }
        if (pending > 0) {
            throw new MigrationException("the control-plane tables of " + source + " are not current: " + pending
                    + " migration(s) pending (migrate: validate or off leaves them as they are; migrate: on-connect,"
                    + " the default, creates or upgrades them)");
        }
    }

    private static void migrateLocked(DataSource plain, SqlDialect dialect, String source) {
        try {
            MigrateResult result = flyway(plain, dialect).load().migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("migrated the control-plane tables of {}: {} migration(s), now at version {}", source,
                        result.migrationsExecuted, result.targetSchemaVersion);
            }
        } catch (org.flywaydb.core.api.FlywayException e) {
            throw failure(e, source, "migrate");
        }
    }

    /** @return the store's exception for a Flyway failure while doing {@code what} ("migrate") to the tables */
    private static io.tenantstore.StoreException failure(org.flywaydb.core.api.FlywayException e, String source,
                                                         String what) {
        if (isConnectFailure(e)) {
            return new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "cannot connect to " + source
                    + " to " + what + " the control-plane tables", e);
        }
        return new MigrationException("could not " + what + " the control-plane tables of " + source + ": "
                + e.getMessage(), e);
    }

    /** @return whether the server chose this transaction as a deadlock victim (40001, 40P01, MySQL 1213) */
    private static boolean isDeadlock(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState())
                    || s.getErrorCode() == 1213)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<String> slugs() {
        return query("list tenants", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT slug FROM ts_cp_tenants ORDER BY slug");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<TenantDocuments> read(String slug) {
        return query("read tenant " + slug, c -> {
            // one statement: one consistent snapshot of the five documents
            try (PreparedStatement ps = c.prepareStatement("SELECT t.id, t.version, t.body, c.revision, c.body,"
                    + " s.revision, s.body, b.revision, b.body, k.revision, k.body FROM ts_cp_tenants t"
                    + " LEFT JOIN ts_cp_clients c ON c.slug = t.slug LEFT JOIN ts_cp_scopes s ON s.slug = t.slug"
                    + " LEFT JOIN ts_cp_branding b ON b.slug = t.slug"
                    + " LEFT JOIN ts_cp_signing_keys k ON k.slug = t.slug WHERE t.slug = ?")) {
                ps.setString(1, slug);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new TenantDocuments(slug, rs.getString(1), new Document(rs.getLong(2),
                            rs.getString(3)), document(rs, 4), document(rs, 6), document(rs, 8), document(rs, 10)));
                }
            }
        });
    }

    private static Document document(ResultSet rs, int column) throws SQLException {
        String body = rs.getString(column + 1);
        return body == null ? new Document(0, "") : new Document(rs.getLong(column), body);
    }

    @Override
    public Optional<String> slugOfId(String id) {
        return query("find tenant by id", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT slug FROM ts_cp_tenants WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void create(TenantDocuments docs) {
        transaction("create tenant " + docs.slug(), c -> {
            try {
                insert(c, docs);
            } catch (SQLException e) {
                if (isUniqueViolation(e)) {
                    throw new ConflictException("tenant '" + docs.slug() + "' already exists", e);
                }
                throw e;
            }
            logChange(c, docs.slug());
            return true;
        });
    }

    private static void insert(Connection c, TenantDocuments docs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ts_cp_tenants (slug, id, version, body) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, docs.slug());
            ps.setString(2, docs.id());
            ps.setLong(3, docs.tenant().revision());
            ps.setString(4, docs.tenant().text());
            ps.executeUpdate();
        }
        for (Kind kind : List.of(Kind.CLIENTS, Kind.SCOPES, Kind.BRANDING, Kind.SIGNING_KEYS)) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table(kind)
                    + " (slug, revision, body) VALUES (?, ?, ?)")) {
                ps.setString(1, docs.slug());
                ps.setLong(2, docs.get(kind).revision());
                ps.setString(3, docs.get(kind).text());
                ps.executeUpdate();
            }
        }
    }

    @Override
    public boolean replace(String slug, Kind kind, long expectedRevision, Document next) {
        Objects.requireNonNull(next, "next");
        return transaction("write " + kind.name().toLowerCase(java.util.Locale.ROOT) + " of tenant " + slug, c -> {
            String sql = kind == Kind.TENANT
                    ? "UPDATE ts_cp_tenants SET version = ?, body = ?, updated_at = CURRENT_TIMESTAMP"
                            + " WHERE slug = ? AND version = ?"
                    : "UPDATE " + table(kind) + " SET revision = ?, body = ? WHERE slug = ? AND revision = ?";
            int n;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, next.revision());
                ps.setString(2, next.text());
                ps.setString(3, slug);
                ps.setLong(4, expectedRevision);
                n = ps.executeUpdate();
            }
            if (n != 1 && kind != Kind.TENANT && expectedRevision == 0) {
                // no row was read for this document (none stored yet): the insert is the compare-and-set
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table(kind)
                        + " (slug, revision, body) VALUES (?, ?, ?)")) {
                    ps.setString(1, slug);
                    ps.setLong(2, next.revision());
                    ps.setString(3, next.text());
                    n = ps.executeUpdate();
                } catch (SQLException e) {
                    // another writer inserted first (or the tenant is gone); on MySQL/MariaDB two
                    // writers that both found no row hold the same gap lock, and one of them is
                    // chosen as the deadlock victim instead: the compare-and-set lost either way
                    if (isUniqueViolation(e) || isDeadlock(e)) {
                        c.rollback();
                        return false;
                    }
                    throw e;
                }
            }
            if (n != 1) {
                return false;
            }
            logChange(c, slug);
            return true;
        });
    }

    @Override
    public boolean delete(String slug) {
        return transaction("delete tenant " + slug, c -> {
            int n = deleteRows(c, "slug = ?", slug);
            if (n == 0) {
                return false;
            }
            logChange(c, slug);
            return true;
        });
    }

    private static int deleteRows(Connection c, String where, String value) throws SQLException {
        // children first: no reliance on the engine's cascade
        for (String table : List.of("ts_cp_clients", "ts_cp_scopes", "ts_cp_branding", "ts_cp_signing_keys")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table
                    + " WHERE slug IN (SELECT slug FROM ts_cp_tenants WHERE " + where + ")")) {
                ps.setString(1, value);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ts_cp_tenants WHERE " + where)) {
            ps.setString(1, value);
            return ps.executeUpdate();
        }
    }

    @Override
    public void put(TenantDocuments docs) {
        transaction("copy tenant " + docs.slug(), c -> {
            Optional<String> holder = Optional.empty();
            try (PreparedStatement ps = c.prepareStatement("SELECT slug FROM ts_cp_tenants WHERE id = ? AND slug <> ?")) {
                ps.setString(1, docs.id());
                ps.setString(2, docs.slug());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        holder = Optional.of(rs.getString(1));
                    }
                }
            }
            if (holder.isPresent()) {
                deleteRows(c, "slug = ?", holder.get());
                logChange(c, holder.get());
            }
            deleteRows(c, "slug = ?", docs.slug());
            insert(c, docs);
            logChange(c, docs.slug());
            return true;
        });
    }

    @Override
    public Document admins() {
        return query("read the administrators", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT revision, body FROM ts_cp_admins WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Document(rs.getLong(1), rs.getString(2)) : new Document(0, "");
            }
        });
    }

    @Override
    public boolean replaceAdmins(long expectedRevision, Document next) {
        Objects.requireNonNull(next, "next");
        return transaction("write the administrators", c -> {
            if (expectedRevision == 0) {
                // none stored yet: the insert is the compare-and-set, a concurrent first write collides on the key
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO ts_cp_admins (id, revision, body) VALUES (1, ?, ?)")) {
                    ps.setLong(1, next.revision());
                    ps.setString(2, next.text());
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (isUniqueViolation(e)) {
                        c.rollback();
                        return false;
                    }
                    throw e;
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE ts_cp_admins SET revision = ?, body = ?,"
                        + " updated_at = CURRENT_TIMESTAMP WHERE id = 1 AND revision = ?")) {
                    ps.setLong(1, next.revision());
                    ps.setString(2, next.text());
                    ps.setLong(3, expectedRevision);
                    if (ps.executeUpdate() != 1) {
                        return false;
                    }
                }
            }
            logChange(c, ADMINS_CHANGE);
            return true;
        });
    }

    @Override
    public void putAdmins(Document doc) {
        Objects.requireNonNull(doc, "doc");
        transaction("copy the administrators", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ts_cp_admins WHERE id = 1")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ts_cp_admins (id, revision, body) VALUES (1, ?, ?)")) {
                ps.setLong(1, doc.revision());
                ps.setString(2, doc.text());
                ps.executeUpdate();
            }
            logChange(c, ADMINS_CHANGE);
            return true;
        });
    }

    @Override
    public long latestChange() {
        return query("read the change log", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM ts_cp_changes");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public List<Change> changesSince(long after, int limit) {
        return query("read the change log", c -> {
            List<Change> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, slug FROM ts_cp_changes WHERE seq > ? ORDER BY seq")) {
                ps.setLong(1, after);
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Change(rs.getLong(1), rs.getString(2)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public int pruneChanges(Instant before) {
        return transaction("prune the change log", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ts_cp_changes WHERE changed_at < ?")) {
                ps.setTimestamp(1, Timestamp.from(before));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<AutoCloseable> subscribe(Consumer<String> onChange) {
        if (dialect.controlPlaneNotifySql().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ChangeSubscription(plain, dialect, source, onChange));
    }

    @Override
    public String describe() {
        return source;
    }

    @Override
    public HealthReport.Check health() {
        try (Connection c = pool.getConnection()) {
            boolean ok = c.isValid(2);
            return new HealthReport.Check("control-plane database", ok, ok ? source + " answered"
                    : source + " did not answer within 2s");
        } catch (SQLException e) {
            return new HealthReport.Check("control-plane database", false, source + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    // ---- helpers ----

    private void logChange(Connection c, String slug) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ts_cp_changes (slug) VALUES (?)")) {
            ps.setString(1, slug);
            ps.executeUpdate();
        }
        Optional<String> notify = dialect.controlPlaneNotifySql();
        if (notify.isPresent()) {
            try (PreparedStatement ps = c.prepareStatement(notify.get())) {
                ps.setString(1, slug);
                ps.execute();
            }
        }
    }

    private static String table(Kind kind) {
        return switch (kind) {
            case TENANT -> "ts_cp_tenants";
            case CLIENTS -> "ts_cp_clients";
            case SCOPES -> "ts_cp_scopes";
            case BRANDING -> "ts_cp_branding";
            case SIGNING_KEYS -> "ts_cp_signing_keys";
        };
    }

    private static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23");
    }

    /** Work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T query(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private <T> T transaction(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private StoreException failure(String what, SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("08") || e instanceof java.sql.SQLTransientConnectionException) {
            return new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "control plane: cannot "
                    + what + " on " + source + ": " + e.getMessage(), e);
        }
        return new StoreException(ErrorCode.INTERNAL, "control plane: cannot " + what + " on " + source + ": "
                + e.getMessage(), e);
    }
}

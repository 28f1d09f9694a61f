package io.tenantstore.jdbc.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import javax.sql.DataSource;

import io.tenantstore.MigrationException;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import io.tenantstore.jdbc.SqlDialect;
import io.tenantstore.jdbc.SqlFailure;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Flyway on one target: TenantStore's tables, then (for shared targets) the row-level
 * security policies, then the application's own locations. Each is a separate Flyway run with its
 * own history table in the target, so TenantStore's versions and the application's never collide
 * ({@code V1} of both can exist) and either can move on without the other. For a schema target
 * Flyway gets {@code schemas=[schema]} and creates the schema; the history tables live in it.
 * Thread-safe; one process at a time migrates a target (a {@link MigrationLock} around the runs, as
 * Flyway's own lock lives in a history table a brand-new target does not have yet).
 */
final class Migrator {
    /** History table of TenantStore's tables. */
    static final String HISTORY = "ts_schema_history";
    /** History table of the row-level security policies. */
    static final String RLS_HISTORY = "ts_rls_history";
    /** History table of the application's migrations: Flyway's default name. */
    static final String APP_HISTORY = "flyway_schema_history";

    /** {@link #applied}: an entry of the history failed. */
    private static final int FAILED = -2;
    /** {@link #applied}: a version that is not a plain integer, which these checks leave to Flyway. */
    private static final int NOT_JUDGED = -3;

    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

    private final DataSource dataSource;
    private final DataSource pool;
    private final SqlDialect dialect;
    private final List<String> appLocations;
    private final ClassLoader ownLoader;
    private final ClassLoader appLoader;
    private final String source;

    /**
     * @param dataSource   connections for Flyway, apart from the traffic pool
     * @param pool         the traffic pool, for the one query that finds a target already current
     * @param dialect      the engine
     * @param appLocations the application's Flyway locations
     * @param appLoader    the class loader that sees the application's locations
     * @param source       the data source, for messages
     */
    Migrator(DataSource dataSource, DataSource pool, SqlDialect dialect, List<String> appLocations,
             ClassLoader appLoader, String source) {
        this.dataSource = dataSource;
        this.pool = pool;
        this.dialect = dialect;
        this.appLocations = List.copyOf(appLocations);
        this.ownLoader = Migrator.class.getClassLoader();
        this.appLoader = appLoader;
        this.source = source;
    }

    /**
     * @param schema      the target schema, or {@code null} for the connection's default schema
     * @param rowSecurity whether to apply the row-level security policies too
     * @return how many migrations ran, over all three runs
     * @throws MigrationException   when a migration fails
     * @throws UnavailableException when the database cannot be reached
     */
    int migrate(@Nullable String schema, boolean rowSecurity) {
        if (appLocations.isEmpty() && current(schema, HISTORY, dialect.migrationLocation())
                && (!rowSecurity || current(schema, RLS_HISTORY, dialect.rowSecurity().orElseThrow().migrationLocation()))) {
            return 0; // the usual case: one query, no lock, no Flyway
        }
        // one process at a time per target: another one meeting the same new target waits here and
        // then finds it current
        try (MigrationLock lock = MigrationLock.take(dataSource, dialect, "tenant", schema, describe(schema))) {
            return migrateLocked(schema, rowSecurity);
        } catch (SQLException e) {
            if (e instanceof SQLTransientConnectionException
                    || dialect.classify(e).kind() == SqlFailure.Kind.CONNECTION_FAILURE) {
                throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                        "cannot lock the migration of " + describe(schema) + ": the database is unreachable", e);
            }
            throw new MigrationException("locking the migration of " + describe(schema) + " failed: " + e.getMessage(), e);
        }
    }

    private int migrateLocked(@Nullable String schema, boolean rowSecurity) {
        int executed = 0;
        if (!current(schema, HISTORY, dialect.migrationLocation())) {
            executed += run(schema, HISTORY, ownLoader, dialect.migrationLocation());
        }
        if (rowSecurity) {
            String rls = dialect.rowSecurity().orElseThrow().migrationLocation();
            if (!current(schema, RLS_HISTORY, rls)) {
                executed += run(schema, RLS_HISTORY, ownLoader, rls);
            }
        }
        if (!appLocations.isEmpty()) {
            executed += run(schema, APP_HISTORY, appLoader, appLocations.toArray(String[]::new));
        }
        return executed;
    }

    /**
     * Runs nothing; fails when the target is behind ({@code migrate: validate}).
     *
     * @param schema      the target schema, or {@code null} for the connection's default schema
     * @param rowSecurity whether the row-level security policies belong to the target
     * @throws MigrationException naming what is behind
     */
    void validate(@Nullable String schema, boolean rowSecurity) {
        List<String> behind = new ArrayList<>();
        if (!current(schema, HISTORY, dialect.migrationLocation())) {
            behind.add(dialect.migrationLocation());
        }
        if (rowSecurity) {
            String rls = dialect.rowSecurity().orElseThrow().migrationLocation();
            if (!current(schema, RLS_HISTORY, rls)) {
                behind.add(rls);
            }
        }
        if (!appLocations.isEmpty()) {
            FluentConfiguration config = Flyway.configure(appLoader).dataSource(dataSource)
                    .locations(appLocations.toArray(String[]::new)).table(APP_HISTORY)
                    .baselineOnMigrate(true).baselineVersion("0").loggers("slf4j");
            if (schema != null) {
                config.schemas(schema);
            }
            try {
                if (config.load().info().pending().length > 0) {
                    behind.add(String.join(",", appLocations));
                }
            } catch (RuntimeException e) {
                throw new MigrationException("cannot check the application's migrations of " + describe(schema)
                        + ": " + e.getMessage(), e);
            }
        }
        if (!behind.isEmpty()) {
            throw new MigrationException(describe(schema) + " is behind the migrations of " + String.join(", ", behind)
                    + " and migrate is 'validate', which runs none: run 'tenantstore migrate' (as the owner login)"
                    + " or set migrate: on-connect");
        }
    }

    private String describe(@Nullable String schema) {
        return (schema == null ? "default schema" : "schema '" + schema + "'") + " of " + source;
    }

    /**
     * Whether a target already holds every bundled migration of {@code location}, successfully:
     * one query on the pool instead of a Flyway run (which scans, locks and validates). Anything
     * unexpected (no history table yet, a failed entry, a version that is not an integer) answers
     * false, and Flyway then does the full job.
     */
    boolean current(@Nullable String schema, String table, String location) {
        OptionalInt latest = BundledMigrations.latest(ownLoader, location);
        if (latest.isEmpty()) {
            return false;
        }
        int applied;
        try {
            applied = applied(schema, table);
        } catch (SQLException e) {
            return false; // most often: no history table yet
        }
        if (applied >= latest.getAsInt()) {
            LOG.debug("{} of {} is at version {} of {}: Flyway not started",
                    schema == null ? "default schema" : "schema '" + schema + "'", source, applied, location);
            return true;
        }
        return false;
    }

    /**
     * Refuses a target whose history does not record {@link SqlDialect#SCHEMA_VERSION}, the table
     * contract the repositories need ({@code migrate: off}, where nothing else is checked): one
     * query on the pool. A history whose versions are not plain integers (kept by another tool) is
     * not judged.
     *
     * <p>The row-level security policies of a shared target must be at the bundled version: the
     * statements that enter a tenant call what their latest version defines.
     *
     * @param schema      the target schema, or {@code null} for the connection's default schema
     * @param rowSecurity whether the row-level security policies belong to the target
     * @throws MigrationException   when the target has no history, a failed entry, or an older version
     * @throws UnavailableException when the database cannot be reached
     */
    void requireContract(@Nullable String schema, boolean rowSecurity) {
        requireVersion(schema, HISTORY, SqlDialect.SCHEMA_VERSION, "TenantStore schema");
        if (rowSecurity) {
            String rls = dialect.rowSecurity().orElseThrow().migrationLocation();
            OptionalInt latest = BundledMigrations.latest(ownLoader, rls);
            if (latest.isPresent()) {
                requireVersion(schema, RLS_HISTORY, latest.getAsInt(), "row-level security");
            }
        }
    }

    /** Refuses a target whose history {@code table} does not record {@code required} (see above). */
    private void requireVersion(@Nullable String schema, String table, int required, String what) {
        int applied;
        try {
            applied = applied(schema, table);
        } catch (SQLException e) {
            if (e instanceof SQLTransientConnectionException
                    || (e.getSQLState() != null && e.getSQLState().startsWith("08"))) {
                throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                        "cannot read the schema history of " + describe(schema), e);
            }
            throw new MigrationException(describe(schema) + " has no readable " + what + " history (" + table
                    + "), so it cannot be checked against version " + required + " that this release needs, and"
                    + " migrate is 'off': run 'tenantstore migrate' (as the owner login) or set migrate: on-connect", e);
        }
        if (applied == NOT_JUDGED || applied >= required) {
            return;
        }
        throw new MigrationException(describe(schema) + (applied == FAILED
                ? " has a failed migration in its " + what + " history (" + table + ")"
                : applied < 0 ? " has no " + what + " migration recorded in " + table
                : " is at version " + applied + " of its " + what + " migrations")
                + "; this release needs version " + required + " and migrate is 'off', which runs and repairs"
                + " nothing: run 'tenantstore migrate' (as the owner login) or set migrate: on-connect");
    }

    /**
     * @return the highest version a history table records as applied, -1 when it records none,
     *         {@link #FAILED} or {@link #NOT_JUDGED}
     * @throws SQLException when the table cannot be read (most often: it does not exist)
     */
    private int applied(@Nullable String schema, String table) throws SQLException {
        // quoted: Flyway creates the table under exactly this (lower-case) name, which an engine that
        // folds unquoted names to upper case would otherwise not find
        String history = (schema == null ? "" : dialect.quoteIdentifier(schema) + ".") + dialect.quoteIdentifier(table);
        int applied = -1;
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, success FROM " + history)) {
            while (rs.next()) {
                String version = rs.getString(1);
                if (!rs.getBoolean(2)) {
                    return FAILED;
                }
                if (version == null) {
                    continue; // Flyway's schema-creation marker has no version
                }
                if (version.isEmpty() || version.length() >= 10 || !version.chars().allMatch(Character::isDigit)) {
                    return NOT_JUDGED;
                }
                applied = Math.max(applied, Integer.parseInt(version));
            }
        }
        return applied;
    }

    private int run(@Nullable String schema, String table, ClassLoader loader, String... locations) {
        String target = (schema == null ? "default schema" : "schema '" + schema + "'") + " of " + source;
        FluentConfiguration config = Flyway.configure(loader)
                .dataSource(dataSource)
                .locations(locations)
                .table(table)
                // the target usually holds other tables already (ours for the second and third
                // run, the application's for the first): start the history below V1 and migrate
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .loggers("slf4j");
        if (schema != null) {
            config.schemas(schema).createSchemas(true);
        }
        try {
            MigrateResult result = config.load().migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Migrated {} with {}: {} migration(s), now at version {}", target, String.join(",", locations),
                        result.migrationsExecuted, result.targetSchemaVersion);
            }
            return result.migrationsExecuted;
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            if (connectionFailure(e)) {
                throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                        "cannot migrate " + target + ": the database is unreachable", e);
            }
            throw new MigrationException("migrating " + target + " with " + String.join(",", locations)
                    + " failed: " + e.getMessage(), e);
        }
    }

    private boolean connectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // SQLTransientConnectionException: the pool could not hand out a connection in time
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLException sql && dialect.classify(sql).kind() == SqlFailure.Kind.CONNECTION_FAILURE) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}

package io.tenantstore.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import org.jspecify.annotations.Nullable;

/**
 * What differs between SQL engines, and nothing else: identifier quoting, upsert, RETURNING,
 * how UUIDs and instants travel, how driver errors are classified, and the engine's own
 * tenant enforcement. The repositories of {@code io.tenantstore.jdbc} are written once against
 * this interface.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface SqlDialect {
    /**
     * Identifiers TenantStore renders into SQL (schema names): lower-case letters, digits and
     * underscores, not starting with a digit, at most 63 characters (PostgreSQL's limit; MySQL's
     * is 64). Narrow on purpose: such a name needs no escaping in any engine and never depends on
     * case folding.
     */
    Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * The version of the table contract this release's repositories read and write: the tables,
     * columns, keys and indexes of {@code V1__} to {@code V<SCHEMA_VERSION>__} of the bundled
     * migrations. A dialect's {@link #migrationLocation()} must provide every version up to this one
     * (the store refuses to bind a data source whose dialect stops short), and a target must be
     * recorded at this version or later in its {@code ts_schema_history} before a tenant is bound
     * to it: with {@code migrate: on-connect} the store gets it there, with {@code validate} or
     * {@code off} it refuses a target that is behind.
     */
    int SCHEMA_VERSION = 4;

    /**
     * A helper for dialects: {@code INSERT INTO table (c1, c2) VALUES (?, ?)}, to which an upsert
     * appends its engine's conflict clause.
     *
     * @param table   the (qualified) table
     * @param columns its columns
     * @return the statement so far
     */
    static StringBuilder insertStatement(String table, List<String> columns) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
                .append(String.join(", ", columns)).append(") VALUES (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        return sql.append(')');
    }

    /** Schema (MySQL: database) names no tenant may take: the default schema and system schemas. */
    Set<String> RESERVED_SCHEMAS = Set.of("public", "information_schema", "mysql", "sys", "performance_schema");

    /**
     * @return the engine's name, also the folder of its migrations:
     *         {@code db/tenantstore/<name>/V<n>__<description>.sql}, e.g. {@code postgresql}
     */
    String name();

    /** @return the Flyway location of TenantStore's own migrations for this engine */
    default String migrationLocation() {
        return "classpath:db/tenantstore/" + name();
    }

    /** @return the character that quotes identifiers: {@code "} in standard SQL, {@code `} in MySQL */
    char identifierQuote();

    /**
     * Checks an identifier against {@link #IDENTIFIER}.
     *
     * @param identifier a schema name from configuration
     * @return the identifier
     * @throws InvalidInputException when it does not match, quoting it
     */
    default String validateIdentifier(String identifier) {
        if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
            throw new InvalidInputException("invalid schema name '" + identifier
                    + "': expected lower-case letters, digits and '_', starting with a letter or '_', at most 63 characters");
        }
        if (RESERVED_SCHEMAS.contains(identifier) || identifier.startsWith("pg_")) {
            throw new InvalidInputException("invalid schema name '" + identifier + "': reserved by the database"
                    + " (a tenant schema must be its own, never public or a system schema)");
        }
        return identifier;
    }

    /**
     * Validates, then quotes. A valid identifier holds no quote character, so quoting cannot be
     * escaped from. Also used for the few column names that are reserved words in some engine
     * ({@code system} in MySQL 8).
     *
     * @param identifier a schema name from configuration, or a column name
     * @return the quoted identifier, ready to render into SQL
     * @throws InvalidInputException when it is not a valid identifier
     */
    default String quoteIdentifier(String identifier) {
        String valid = validateIdentifier(identifier);
        char q = identifierQuote();
        return q + valid + q;
    }

    /**
     * Renders an insert that updates the row instead when its key exists.
     *
     * @param table         the (already qualified) table
     * @param columns       every inserted column; each gets one {@code ?} in order
     * @param keyColumns    the unique key that decides whether the row exists
     * @param updateColumns the columns overwritten with the inserted values when it does
     * @return the statement
     */
    String upsert(String table, List<String> columns, List<String> keyColumns, List<String> updateColumns);

    /**
     * Renders an insert that does nothing (and fails with nothing) when its key exists. Other
     * violations, such as foreign keys, must still fail. Its update count need not tell whether a
     * row was inserted (MySQL reports a found duplicate as one row), so callers must not rely on it.
     *
     * @param table      the (already qualified) table
     * @param columns    every inserted column; each gets one {@code ?} in order
     * @param keyColumns the unique key that decides whether the row exists
     * @return the statement
     */
    String insertIfAbsent(String table, List<String> columns, List<String> keyColumns);

    /**
     * What a {@code SELECT} inside a transaction appends to lock the rows it reads until the
     * transaction ends, so a read-check-write cannot interleave with another transaction's.
     *
     * @return {@code " FOR UPDATE"} (with its leading space) in engines with row locks; {@code ""}
     *         in an engine whose write transactions are serialised anyway (SQLite's
     *         {@code BEGIN IMMEDIATE} takes the database's write lock before the first read).
     *         Default: {@code " FOR UPDATE"}
     */
    default String rowLockClause() {
        return " FOR UPDATE";
    }

    /**
     * The isolations this engine can serve, which its adapter declares (see
     * {@link io.tenantstore.spi.StoreAdapter#isolations()}); a bind with another is refused.
     *
     * @return the isolations; Default: {@code database}, {@code schema} and {@code shared}
     */
    default Set<Isolation> isolations() {
        return EnumSet.allOf(Isolation.class);
    }

    /**
     * @return whether {@code INSERT/UPDATE ... RETURNING <columns>} returns the written rows, which
     *         saves a round trip; without it the repositories lock and re-read instead
     */
    boolean supportsReturning();

    /**
     * @param ps    the statement
     * @param index parameter index
     * @param value the UUID
     * @throws SQLException from the driver
     */
    void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException;

    /**
     * @param rs     the result set
     * @param column column index
     * @return the UUID of a non-null column
     * @throws SQLException from the driver
     */
    UUID getUuid(ResultSet rs, int column) throws SQLException;

    /**
     * @param ps    the statement
     * @param index parameter index
     * @param value the instant, or {@code null} for SQL NULL
     * @throws SQLException from the driver
     */
    void setInstant(PreparedStatement ps, int index, @Nullable Instant value) throws SQLException;

    /**
     * @param rs     the result set
     * @param column column index
     * @return the instant, or {@code null} for SQL NULL
     * @throws SQLException from the driver
     */
    @Nullable Instant getInstant(ResultSet rs, int column) throws SQLException;

    /**
     * Classifies a driver exception (by SQLState, vendor code and, for constraints, the name the
     * driver reports).
     *
     * @param e the exception
     * @return what it means
     */
    SqlFailure classify(SQLException e);

    /**
     * Scopes a connection the application gets through {@code unwrap} to a tenant's schema: from
     * then on unqualified names resolve to {@code schema} only (PostgreSQL {@code search_path},
     * MySQL default database). Undone by {@link #resetSession}. Default: refused.
     *
     * @param c      a pooled connection
     * @param schema a validated schema name
     * @throws SQLException when it cannot be done; the connection is then evicted
     */
    default void enterSchema(Connection c, String schema) throws SQLException {
        throw new SQLFeatureNotSupportedException(name() + " cannot scope a connection to a schema");
    }

    /**
     * Removes every trace an application's session may have left on a connection before it goes
     * back to the pool: open transaction, settings, role, temporary objects, prepared statements,
     * locks, default schema. Default: not possible, so the connection is evicted.
     *
     * @param c              a pooled connection the application used through {@code unwrap}
     * @param defaultCatalog the pool's default database to restore (MySQL), or {@code null}
     * @return whether the connection is clean and may be reused; {@code false} evicts it
     * @throws SQLException when resetting failed; the connection is then evicted
     */
    default boolean resetSession(Connection c, @Nullable String defaultCatalog) throws SQLException {
        return false;
    }

    /**
     * Grants the runtime login the data rights (no DDL) on a target just migrated by a separate
     * owner login. Default: nothing; the administrator grants them.
     *
     * @param owner       a connection of the owner login
     * @param schema      the target schema, or {@code null} for the connection's default schema
     * @param runtimeUser the runtime login
     * @throws SQLException from the driver
     */
    default void grantRuntimeRights(Connection owner, @Nullable String schema, String runtimeUser) throws SQLException {
    }

    /**
     * Checks, before a separate owner login creates or migrates anything, that it may grant the
     * runtime login its data rights ({@link #grantRuntimeRights}). Default: nothing to check (the
     * owner of what it creates may always grant on it).
     *
     * @param owner the owner login's connections (plain, outside the pool); a dialect with nothing to
     *              check opens none
     * @return {@code null} when it may, else what the owner login lacks and the grant that fixes it
     * @throws SQLException from the driver
     */
    default @Nullable String ownerGrantProblem(DataSource owner) throws SQLException {
        return null;
    }

    /** @return the engine's own enforcement of shared isolation, if it has one; Default: none */
    default Optional<RowSecurity> rowSecurity() {
        return Optional.empty();
    }

    /**
     * @return driver properties set on every pool unless the configuration sets them itself;
     *         Default: none
     */
    default Map<String, String> defaultDriverProperties() {
        return Map.of();
    }

    /**
     * @param quotedSchema a tenant's schema, validated and quoted
     * @return the statement that drops it with everything in it, when a tenant is purged;
     *         Default: {@code DROP SCHEMA IF EXISTS <schema> CASCADE}
     */
    default String dropSchemaSql(String quotedSchema) {
        return "DROP SCHEMA IF EXISTS " + quotedSchema + " CASCADE";
    }

    /**
     * Takes a lock that keeps other processes from migrating the same target until it is released:
     * Flyway's own lock lives in the history table, which does not exist yet when two processes meet
     * a brand-new target at once (and on an engine whose DDL commits statement by statement, one of
     * them would find the other's half-built target). Held on {@code c} until
     * {@link #unlockMigrations} or until {@code c} closes. Default: no such lock, answers {@code true}
     * (Flyway's own locking only).
     *
     * @param c       a connection of its own, not one of the traffic pool
     * @param name    the lock's name, at most 64 characters
     * @param timeout the longest wait for another process's migration
     * @return whether the lock was taken within {@code timeout}
     * @throws SQLException when the server fails
     */
    default boolean lockMigrations(Connection c, String name, java.time.Duration timeout) throws SQLException {
        return true;
    }

    /**
     * Releases the lock {@link #lockMigrations} took on {@code c}. Default: nothing.
     *
     * @param c    the connection holding it
     * @param name the lock's name
     * @throws SQLException when the server fails
     */
    default void unlockMigrations(Connection c, String name) throws SQLException {
    }

    /**
     * @return the Flyway location of the control-plane tables kept in a global database:
     *         {@code db/tenantstore-control/<name>}, apart from the tenant data's migrations
     */
    default String controlPlaneMigrationLocation() {
        return "classpath:db/tenantstore-control/" + name();
    }

    /**
     * A statement, with the tenant's slug as its one parameter, run in each control-plane write's
     * transaction to tell other processes at commit (PostgreSQL {@code pg_notify}). Default: none;
     * other processes then see the write through the change-log poll.
     *
     * @return the statement, or empty
     */
    default Optional<String> controlPlaneNotifySql() {
        return Optional.empty();
    }

    /**
     * Subscribes a dedicated connection to the notifications of {@link #controlPlaneNotifySql()}.
     * Default: refused (there are none).
     *
     * @param c a connection used for nothing else
     * @throws SQLException when the engine refuses
     */
    default void listenForControlPlaneChanges(Connection c) throws SQLException {
        throw new SQLFeatureNotSupportedException(name() + " sends no control-plane notifications");
    }

    /**
     * Waits for notifications on a connection subscribed with {@link #listenForControlPlaneChanges}.
     *
     * @param c             the subscribed connection
     * @param timeoutMillis how long to wait at most
     * @return the slugs notified, empty when none arrived in time
     * @throws SQLException when the connection fails
     */
    default List<String> awaitControlPlaneChanges(Connection c, int timeoutMillis) throws SQLException {
        throw new SQLFeatureNotSupportedException(name() + " sends no control-plane notifications");
    }
}

package io.tenantstore.sqlite;

import java.sql.BatchUpdateException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tenantstore.Isolation;
import io.tenantstore.jdbc.Constraint;
import io.tenantstore.jdbc.SqlDialect;
import io.tenantstore.jdbc.SqlFailure;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteException;

/**
 * SQLite 3.35+ through sqlite-jdbc: {@code "identifiers"}, {@code ON CONFLICT}, {@code RETURNING},
 * UUIDs as canonical text, instants as fixed-width UTC text, classification by SQLite's extended
 * result codes, and no row locks: every write transaction starts with {@code BEGIN IMMEDIATE}
 * (the driver's {@code transaction_mode}), which takes the database's single write lock before the
 * first read, so a read-check-write can never interleave with another writer. No {@code schema}
 * isolation (SQLite has no schemas). Stateless and thread-safe.
 */
final class SqliteDialect implements SqlDialect {
    /** The instance. */
    static final SqliteDialect INSTANCE = new SqliteDialect();

    /** How long a connection waits for another's write lock before failing with SQLITE_BUSY. Default: 5 s. */
    static final int BUSY_TIMEOUT_MS = 5_000;

    /**
     * Pragmas every connection gets unless the configuration sets them (sqlite-jdbc applies them
     * when it opens a connection):
     * <ul>
     *   <li>{@code journal_mode=WAL}: readers never block the writer nor the writer the readers;</li>
     *   <li>{@code busy_timeout}: a writer waits up to {@value #BUSY_TIMEOUT_MS} ms for the lock
     *       instead of failing at once;</li>
     *   <li>{@code foreign_keys=true}: SQLite leaves them off per connection otherwise, and the
     *       schema's cascades and user references rely on them;</li>
     *   <li>{@code transaction_mode=IMMEDIATE}: transactions begin with {@code BEGIN IMMEDIATE},
     *       which serialises writers on the write lock from their first statement; a deferred
     *       transaction that read first would fail, not wait, when it later tried to write.</li>
     * </ul>
     * {@code synchronous} stays SQLite's default, {@code FULL}: a committed write survives a power
     * loss.
     */
    private static final Map<String, String> DRIVER_PROPERTIES = Map.of(
            "journal_mode", "WAL",
            "busy_timeout", Integer.toString(BUSY_TIMEOUT_MS),
            "foreign_keys", "true",
            "transaction_mode", "IMMEDIATE");

    private static final Set<Isolation> ISOLATIONS = Set.copyOf(EnumSet.of(Isolation.DATABASE, Isolation.SHARED));

    /** How instants are stored: UTC, fixed width, so text order is time order. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS",
            Locale.ROOT);
    private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** The result code name sqlite-jdbc puts at the start of its messages: {@code [SQLITE_BUSY] ...}. */
    private static final Pattern CODE_IN_MESSAGE = Pattern.compile("\\[(SQLITE_[A-Z_]+)]");
    /** The columns of a unique violation: {@code UNIQUE constraint failed: ts_users.tenant_id, ts_users.email_normalized}. */
    private static final Pattern UNIQUE_COLUMNS = Pattern.compile("constraint failed: ([a-z_]+)\\.([a-z_., ]+)");

    /** The SQLState this dialect gives an instant it cannot store (SQL's datetime field overflow). */
    static final String DATETIME_OVERFLOW = "22008";

    private SqliteDialect() {
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public char identifierQuote() {
        return '"';
    }

    /** {@code INSERT ... ON CONFLICT (key) DO UPDATE SET c = excluded.c}, SQLite 3.24+. */
    @Override
    public String upsert(String table, List<String> columns, List<String> keyColumns, List<String> updateColumns) {
        StringBuilder sql = SqlDialect.insertStatement(table, columns).append(" ON CONFLICT (")
                .append(String.join(", ", keyColumns)).append(") DO UPDATE SET ");
        for (int i = 0; i < updateColumns.size(); i++) {
            String c = updateColumns.get(i);
            sql.append(i == 0 ? "" : ", ").append(c).append(" = excluded.").append(c);
        }
        return sql.toString();
    }

    /** {@code INSERT ... ON CONFLICT (key) DO NOTHING}: other violations (foreign keys) still fail. */
    @Override
    public String insertIfAbsent(String table, List<String> columns, List<String> keyColumns) {
        return SqlDialect.insertStatement(table, columns).append(" ON CONFLICT (").append(String.join(", ", keyColumns))
                .append(") DO NOTHING").toString();
    }

    /** @return {@code true}: SQLite 3.35+ has {@code INSERT/UPDATE ... RETURNING} */
    @Override
    public boolean supportsReturning() {
        return true;
    }

    /** @return {@code ""}: no row locks; write transactions hold the database's write lock from their start */
    @Override
    public String rowLockClause() {
        return "";
    }

    /** @return {@code database} (a file per tenant) and {@code shared} (one file); SQLite has no schemas */
    @Override
    public Set<Isolation> isolations() {
        return ISOLATIONS;
    }

    @Override
    public void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
        ps.setString(index, value.toString());
    }

    @Override
    public UUID getUuid(ResultSet rs, int column) throws SQLException {
        String text = rs.getString(column);
        if (text == null) {
            throw new SQLException("unexpected NULL in UUID column " + column);
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new SQLException("column " + column + " does not hold a UUID: '" + text + "'", e);
        }
    }

    /**
     * As {@code 2030-09-29 03:00:00.123456} in UTC. Years outside 1-9999 would break the text
     * order, so they are refused with SQLState {@value #DATETIME_OVERFLOW} (invalid data).
     */
    @Override
    public void setInstant(PreparedStatement ps, int index, @Nullable Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
            return;
        }
        if (value.isBefore(MIN) || value.isAfter(MAX)) {
            throw new SQLException("instant out of the range SQLite columns hold (years 1 to 9999): " + value,
                    DATETIME_OVERFLOW);
        }
        ps.setString(index, TIME.format(LocalDateTime.ofInstant(value, ZoneOffset.UTC)));
    }

    @Override
    public @Nullable Instant getInstant(ResultSet rs, int column) throws SQLException {
        String text = rs.getString(column);
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text, TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new SQLException("column " + column + " does not hold a time: '" + text + "'", e);
        }
    }

    /**
     * By SQLite's extended result code (from sqlite-jdbc's exception, or the code it writes at the
     * start of a batch failure's message): unique and primary key violations; foreign keys (SQLite
     * does not name the constraint); busy and locked are contention (the busy timeout already
     * waited); cannot-open, I/O errors, a corrupt or non-database file are an unusable database;
     * too big, mismatch, range, not-null and check violations are invalid data; then SQLState
     * class 22 (this dialect's own out-of-range instants).
     */
    @Override
    public SqlFailure classify(SQLException e) {
        String code = resultCode(e);
        if (code != null) {
            if (code.equals("SQLITE_CONSTRAINT_UNIQUE") || code.equals("SQLITE_CONSTRAINT_PRIMARYKEY")) {
                return new SqlFailure(SqlFailure.Kind.UNIQUE_VIOLATION, uniqueColumns(e.getMessage()));
            }
            if (code.equals("SQLITE_CONSTRAINT_FOREIGNKEY")) {
                return SqlFailure.of(SqlFailure.Kind.FOREIGN_KEY_VIOLATION);
            }
            if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
                return SqlFailure.of(SqlFailure.Kind.CONTENTION);
            }
            if (code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_IOERR") || code.startsWith("SQLITE_CORRUPT")
                    || code.equals("SQLITE_NOTADB") || code.startsWith("SQLITE_READONLY")) {
                return SqlFailure.of(SqlFailure.Kind.CONNECTION_FAILURE);
            }
            if (code.equals("SQLITE_TOOBIG") || code.equals("SQLITE_MISMATCH") || code.equals("SQLITE_RANGE")
                    || code.equals("SQLITE_CONSTRAINT_NOTNULL") || code.equals("SQLITE_CONSTRAINT_CHECK")
                    || code.equals("SQLITE_CONSTRAINT_DATATYPE")) {
                return SqlFailure.of(SqlFailure.Kind.INVALID_DATA);
            }
        }
        String state = e.getSQLState();
        if (state != null && state.startsWith("22")) {
            return SqlFailure.of(SqlFailure.Kind.INVALID_DATA);
        }
        return SqlFailure.of(SqlFailure.Kind.OTHER);
    }

    /** @return the extended result code's name, from the exception or its chain, or {@code null} */
    static @Nullable String resultCode(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() != t ? t.getCause() : null) {
            if (t instanceof SQLiteException s) {
                return s.getResultCode().name();
            }
            if (t instanceof SQLException sql) {
                if (sql.getNextException() instanceof SQLiteException s) {
                    return s.getResultCode().name();
                }
                if (sql instanceof BatchUpdateException || sql.getMessage() != null) {
                    Matcher m = CODE_IN_MESSAGE.matcher(String.valueOf(sql.getMessage()));
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            }
        }
        return null;
    }

    /**
     * SQLite names the table and columns of a violated unique key, not the key
     * ({@code UNIQUE constraint failed: ts_users.tenant_id, ts_users.email_normalized}, no values):
     * the key with exactly those columns is the constraint.
     *
     * @return the key's name ({@link Constraint#constraintName()}), else {@code table(columns)}, else {@code null}
     */
    static @Nullable String uniqueColumns(@Nullable String message) {
        if (message == null) {
            return null;
        }
        Matcher m = UNIQUE_COLUMNS.matcher(message);
        if (!m.find()) {
            return null;
        }
        String table = m.group(1);
        List<String> columns = new ArrayList<>();
        for (String qualified : m.group(2).split(",")) {
            String c = qualified.trim();
            if (!c.isEmpty()) {
                columns.add(c.substring(c.indexOf('.') + 1));
            }
        }
        return Constraint.uniqueKeyOf(table, columns).map(Constraint::constraintName)
                .orElse(table + "(" + String.join(", ", columns) + ")");
    }

    @Override
    public Map<String, String> defaultDriverProperties() {
        return DRIVER_PROPERTIES;
    }
}

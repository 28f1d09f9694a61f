package io.tenantstore.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.tenantstore.jdbc.SqlDialect;
import io.tenantstore.jdbc.SqlFailure;
import org.jspecify.annotations.Nullable;

/**
 * MySQL 8.0+ and MariaDB 10.6+ through MySQL Connector/J: {@code `identifiers`},
 * {@code ON DUPLICATE KEY UPDATE}, no RETURNING (MariaDB has {@code INSERT ... RETURNING} but no
 * {@code UPDATE ... RETURNING}, MySQL has neither, so the repositories lock and re-read), UUIDs as
 * {@code CHAR(36)} text, instants as {@code DATETIME(6)} holding UTC, classification by MySQL error
 * number, and no row-level security (MySQL has none: shared tables are separated by the
 * {@code tenant_id} every statement carries, nothing more). Stateless and thread-safe.
 */
final class MysqlDialect implements SqlDialect {
    /** The instance. */
    static final MysqlDialect INSTANCE = new MysqlDialect();

    /**
     * Driver properties every pool gets unless the configuration sets them:
     * <ul>
     *   <li>{@code connectionTimeZone=+00:00} and {@code forceConnectionTimeZoneToSession=true}:
     *       the session's {@code time_zone} is UTC whatever the server's or the JVM's is, so
     *       {@code DATETIME} values, which carry no zone, mean UTC for the server too. Instants are
     *       bound as UTC text and read as UTC {@link LocalDateTime}s, which the driver never
     *       shifts; this pins whatever else reads the session zone. An offset, not a zone name:
     *       the server needs no time zone tables for it;</li>
     *   <li>{@code characterEncoding=UTF-8}: the connection speaks utf8mb4, like the tables;</li>
     *   <li>{@code cachePrepStmts}, {@code prepStmtCacheSize=250}, {@code prepStmtCacheSqlLimit=2048}:
     *       each connection keeps its parsed (client-side) or server-prepared statements, so a
     *       repository call does not parse its SQL again. Server-side preparation itself
     *       ({@code useServerPrepStmts}) stays the driver's default, off, which proxies such as
     *       Vitess and ProxySQL need; set it to {@code true} in the properties to turn it on;</li>
     *   <li>{@code useLocalSessionState=true}: auto-commit and isolation are tracked by the driver
     *       instead of asked from the server on every checkout;</li>
     *   <li>{@code rewriteBatchedStatements=true}: a batch of inserts (recovery codes,
     *       permissions) travels as one multi-row statement;</li>
     *   <li>{@code connectionAttributes=program_name:tenantstore}: names the connections in
     *       {@code performance_schema.session_connect_attrs}.</li>
     * </ul>
     * The driver's {@code useAffectedRows} stays off: an UPDATE counts the rows it matched, as on
     * PostgreSQL, which the repositories rely on.
     */
    private static final Map<String, String> DRIVER_PROPERTIES = Map.of(
            "connectionTimeZone", "+00:00",
            "forceConnectionTimeZoneToSession", "true",
            "characterEncoding", "UTF-8",
            "cachePrepStmts", "true",
            "prepStmtCacheSize", "250",
            "prepStmtCacheSqlLimit", "2048",
            "useLocalSessionState", "true",
            "rewriteBatchedStatements", "true",
            "connectionAttributes", "program_name:tenantstore");

    // MySQL and MariaDB error numbers (the server's ER_* codes)
    static final int ER_DUP_KEY = 1022;
    static final int ER_DUP_ENTRY = 1062;
    static final int ER_DUP_ENTRY_WITH_KEY_NAME = 1586;
    static final int ER_NO_REFERENCED_ROW = 1216;
    static final int ER_ROW_IS_REFERENCED = 1217;
    static final int ER_ROW_IS_REFERENCED_2 = 1451;
    static final int ER_NO_REFERENCED_ROW_2 = 1452;
    static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    static final int ER_LOCK_DEADLOCK = 1213;
    /** MariaDB with {@code innodb_snapshot_isolation} (default from 11.6): a row changed since the snapshot. */
    static final int ER_CHECKREAD = 1020;
    static final int ER_CON_COUNT_ERROR = 1040;
    static final int ER_SERVER_SHUTDOWN = 1053;
    static final int ER_NET_READ_ERROR = 1158;
    static final int ER_NET_READ_INTERRUPTED = 1159;
    static final int ER_NET_ERROR_ON_WRITE = 1160;
    static final int ER_NET_WRITE_INTERRUPTED = 1161;
    /** MariaDB: the connection was killed. */
    static final int ER_CONNECTION_KILLED = 1927;
    /** MySQL 8.0.24+: the server closed an idle connection. */
    static final int ER_CLIENT_INTERACTION_TIMEOUT = 4031;
    static final int ER_TRUNCATED_WRONG_VALUE = 1292;
    static final int WARN_DATA_TRUNCATED = 1265;
    static final int ER_WARN_DATA_OUT_OF_RANGE = 1264;
    static final int ER_TRUNCATED_WRONG_VALUE_FOR_FIELD = 1366;
    static final int ER_DATA_TOO_LONG = 1406;

    /** How instants are bound: UTC wall clock to the microsecond. */
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS",
            Locale.ROOT);

    /** The end of a duplicate-key message: {@code for key 'name'} (MySQL 8.0.19+: {@code 'table.name'}). */
    private static final Pattern DUPLICATE_KEY = Pattern.compile("for key '([^']+)'\\s*$");
    /** The constraint in a foreign-key message: {@code CONSTRAINT `name` FOREIGN KEY}. */
    private static final Pattern FOREIGN_KEY = Pattern.compile("CONSTRAINT `([^`]+)`");

    private MysqlDialect() {
    }

    /** @return {@code mysql}, the migrations' folder for MySQL and MariaDB */
    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public char identifierQuote() {
        return '`';
    }

    /**
     * {@code INSERT ... ON DUPLICATE KEY UPDATE c = VALUES(c)}. {@code VALUES()} rather than
     * MySQL 8.0.19's row alias, which MariaDB does not have; MySQL still accepts it. The key
     * columns are implied: MySQL takes any unique key of the table, and every table upserted here
     * has only its primary key.
     */
    @Override
    public String upsert(String table, List<String> columns, List<String> keyColumns, List<String> updateColumns) {
        StringBuilder sql = SqlDialect.insertStatement(table, columns).append(" ON DUPLICATE KEY UPDATE ");
        for (int i = 0; i < updateColumns.size(); i++) {
            String c = updateColumns.get(i);
            sql.append(i == 0 ? "" : ", ").append(c).append(" = VALUES(").append(c).append(')');
        }
        return sql.toString();
    }

    /**
     * {@code INSERT ... ON DUPLICATE KEY UPDATE k = k}: the existing row stays as it is. Not
     * {@code INSERT IGNORE}, which would also turn foreign-key and data errors into warnings.
     */
    @Override
    public String insertIfAbsent(String table, List<String> columns, List<String> keyColumns) {
        String k = keyColumns.get(0);
        return SqlDialect.insertStatement(table, columns).append(" ON DUPLICATE KEY UPDATE ").append(k).append(" = ").append(k)
                .toString();
    }

    /** @return {@code false}: no {@code UPDATE ... RETURNING} on either server */
    @Override
    public boolean supportsReturning() {
        return false;
    }

    /** Binds the canonical (lower-case) text, which sorts like PostgreSQL's {@code uuid}. */
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
     * As UTC wall-clock text with six fraction digits, {@code 2030-09-29 03:00:00.123456}, which the
     * server converts to the column's {@code DATETIME(6)} (and to a time for comparisons with one).
     * Not as a {@link LocalDateTime}: Connector/J drops the fraction of temporal parameters when it
     * takes the server for one older than MySQL 5.6.4, and MariaDB before 11 announces itself as
     * {@code 5.5.5-10.x}. Text is never shifted by a time zone either.
     */
    @Override
    public void setInstant(PreparedStatement ps, int index, @Nullable Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP);
        } else {
            ps.setString(index, DATETIME.format(LocalDateTime.ofInstant(value, ZoneOffset.UTC)));
        }
    }

    @Override
    public @Nullable Instant getInstant(ResultSet rs, int column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    /**
     * By error number first (SQLSTATE 23000 covers every integrity violation): 1062, 1022, 1586
     * unique (the key's name from the message); 1452, 1216, 1451, 1217 foreign key (the
     * constraint's name from the message); 1213 deadlock, 1205 lock wait timeout and MariaDB's 1020
     * (snapshot isolation) contention; 1040 too many connections, 1053 shutdown, 1158-1161 network,
     * MariaDB's 1927 killed and MySQL's 4031 idle timeout unreachable; 1406, 1366, 1292, 1265, 1264
     * invalid data. Then by SQLSTATE: class 08 unreachable (the driver's own communication
     * failures carry 08S01 and no error number), 40001 contention, class 22 invalid data.
     */
    @Override
    public SqlFailure classify(SQLException e) {
        SQLException source = e;
        // a batch failure may carry its statement's error as the next exception only
        if (e.getErrorCode() == 0 && e.getNextException() != null) {
            source = e.getNextException();
        }
        int code = source.getErrorCode();
        switch (code) {
            case ER_DUP_ENTRY, ER_DUP_KEY, ER_DUP_ENTRY_WITH_KEY_NAME:
                return new SqlFailure(SqlFailure.Kind.UNIQUE_VIOLATION, duplicateKey(source.getMessage()));
            case ER_NO_REFERENCED_ROW_2, ER_NO_REFERENCED_ROW, ER_ROW_IS_REFERENCED_2, ER_ROW_IS_REFERENCED:
                return new SqlFailure(SqlFailure.Kind.FOREIGN_KEY_VIOLATION, foreignKey(source.getMessage()));
            case ER_LOCK_DEADLOCK, ER_LOCK_WAIT_TIMEOUT, ER_CHECKREAD:
                return SqlFailure.of(SqlFailure.Kind.CONTENTION);
            case ER_CON_COUNT_ERROR, ER_SERVER_SHUTDOWN, ER_NET_READ_ERROR, ER_NET_READ_INTERRUPTED,
                    ER_NET_ERROR_ON_WRITE, ER_NET_WRITE_INTERRUPTED, ER_CONNECTION_KILLED,
                    ER_CLIENT_INTERACTION_TIMEOUT:
                return SqlFailure.of(SqlFailure.Kind.CONNECTION_FAILURE);
            case ER_DATA_TOO_LONG, ER_TRUNCATED_WRONG_VALUE_FOR_FIELD, ER_TRUNCATED_WRONG_VALUE, WARN_DATA_TRUNCATED,
                    ER_WARN_DATA_OUT_OF_RANGE:
                return SqlFailure.of(SqlFailure.Kind.INVALID_DATA);
            default:
                break;
        }
        String state = source.getSQLState();
        if (state == null) {
            return SqlFailure.of(SqlFailure.Kind.OTHER);
        }
        if (state.startsWith("08")) {
            return SqlFailure.of(SqlFailure.Kind.CONNECTION_FAILURE);
        }
        if (state.equals("40001")) {
            return SqlFailure.of(SqlFailure.Kind.CONTENTION);
        }
        if (state.startsWith("22")) {
            return SqlFailure.of(SqlFailure.Kind.INVALID_DATA);
        }
        return SqlFailure.of(SqlFailure.Kind.OTHER);
    }

    /**
     * The key's name from the end of the message (the duplicate value before it is user data and
     * may itself contain {@code for key '...'}); MySQL 8 writes {@code table.key}, MariaDB
     * {@code key}.
     */
    static @Nullable String duplicateKey(@Nullable String message) {
        if (message == null) {
            return null;
        }
        Matcher m = DUPLICATE_KEY.matcher(message);
        if (!m.find()) {
            return null;
        }
        String key = m.group(1);
        return key.substring(key.lastIndexOf('.') + 1);
    }

    static @Nullable String foreignKey(@Nullable String message) {
        if (message == null) {
            return null;
        }
        Matcher m = FOREIGN_KEY.matcher(message);
        return m.find() ? m.group(1) : null;
    }

    @Override
    public Map<String, String> defaultDriverProperties() {
        return DRIVER_PROPERTIES;
    }

    /**
     * The tenant's database becomes the connection's default database: a {@code USE} statement
     * (the server's state, whatever the driver believes), then {@code setCatalog} so the driver's
     * own idea of it ({@code useLocalSessionState}) agrees.
     */
    @Override
    public void enterSchema(Connection c, String schema) throws SQLException {
        use(c, validateIdentifier(schema));
    }

    private static void use(Connection c, String database) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("USE `" + database.replace("`", "``") + "`");
        }
        c.setCatalog(database);
    }

    /**
     * Rolls back, then resets the session on the server (Connector/J {@code resetServerState()}:
     * COM_RESET_CONNECTION, which ends the transaction and drops temporary tables, user variables,
     * session settings, prepared statements and {@code GET_LOCK} locks; the driver then re-applies
     * its connection settings), pins the session to UTC again, and makes the pool's database the
     * default again (the reset keeps whatever {@code USE} chose).
     *
     * <p>With server-side prepared statements ({@code useServerPrepStmts=true}) the connection is not
     * reused at all: the reset drops the server's statements while the driver's statement cache still
     * holds their ids, so the next borrower's first cached statement would fail with "Unknown prepared
     * statement handler".
     */
    @Override
    public boolean resetSession(Connection c, @Nullable String defaultCatalog) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
            c.setAutoCommit(true);
        }
        com.mysql.cj.jdbc.JdbcConnection driver = c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class);
        if (driver.getPropertySet().getBooleanProperty(com.mysql.cj.conf.PropertyKey.useServerPrepStmts).getValue()) {
            return false;
        }
        driver.resetServerState();
        try (Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
            if (defaultCatalog != null) {
                use(c, defaultCatalog);
                return true;
            }
            try (ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
                // no default database to go back to: reusable only if none is selected
                return rs.next() && rs.getString(1) == null;
            }
        }
    }

    /**
     * The tables of the target database whose rows only migrations write: the runtime login may
     * read them, never change them.
     */
    private static final List<String> HISTORY_TABLES = List.of("ts_schema_history", "flyway_schema_history");

    /** MySQL error numbers of a statement the login has no right to run. */
    private static final List<Integer> ACCESS_DENIED = List.of(1044, 1045, 1142, 1143, 1227);

    /**
     * Table by table, on every table of the target database: {@code SELECT, INSERT, UPDATE, DELETE},
     * and {@code SELECT} alone on the migration history; nothing of DDL ({@code CREATE}, {@code DROP},
     * {@code ALTER}, {@code INDEX}, ...), no routine, no privilege on the database as such. Granting
     * again what is granted changes nothing, so every migration of the target runs it. The grants
     * go to every account of that user name ({@code mysql.user}, which the owner's global
     * {@code SELECT} reads), or to {@code 'name'@'%'} when none is visible.
     *
     * @throws SQLException when a grant fails; when the server refuses it for want of rights
     *                      (the owner login lacks {@code GRANT OPTION} or the data rights themselves),
     *                      the message names the grant the owner login needs
     */
    @Override
    public void grantRuntimeRights(Connection owner, @Nullable String schema, String runtimeUser) throws SQLException {
        String database;
        if (schema == null) {
            try (Statement st = owner.createStatement(); ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
                database = rs.next() ? rs.getString(1) : null;
            }
            if (database == null) {
                throw new SQLException("the data source's URL names no database, so there is none to grant the"
                        + " runtime login rights on");
            }
        } else {
            database = validateIdentifier(schema);
        }
        String db = "`" + database.replace("`", "``") + "`";
        List<String> accounts = accountsOf(owner, runtimeUser);
        List<String> tables = new ArrayList<>();
        try (PreparedStatement ps = owner.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        try (Statement st = owner.createStatement()) {
            for (String table : tables) {
                String rights = HISTORY_TABLES.contains(table.toLowerCase(Locale.ROOT))
                        ? "SELECT" : "SELECT, INSERT, UPDATE, DELETE";
                for (String account : accounts) {
                    st.execute("GRANT " + rights + " ON " + db + ".`" + table.replace("`", "``") + "` TO " + account);
                }
            }
        } catch (SQLException e) {
            if (!ACCESS_DENIED.contains(e.getErrorCode())) {
                throw e;
            }
            throw new SQLException("the owner login may not grant the runtime login its data rights on database '"
                    + database + "' (" + e.getMessage() + "). Give the owner login the rights it grants, with"
                    + " GRANT OPTION, on every database the store creates or migrates, for example: GRANT CREATE,"
                    + " ALTER, DROP, INDEX, REFERENCES, SELECT, INSERT, UPDATE, DELETE ON *.* TO <owner>"
                    + " WITH GRANT OPTION", e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /** The data rights the owner login grants the runtime login. */
    private static final List<String> DATA_RIGHTS = List.of("SELECT", "INSERT", "UPDATE", "DELETE");

    /**
     * The owner login must hold each data right {@code WITH GRANT OPTION}, on every database
     * ({@code *.*}) or on some database (a name or a pattern); what the information schema shows of
     * the current login's own grants is checked.
     */
    @Override
    public @Nullable String ownerGrantProblem(DataSource owner) throws SQLException {
        Set<String> grantable = new HashSet<>();
        String grantee = "CONCAT('''', LEFT(CURRENT_USER(), CHAR_LENGTH(CURRENT_USER())"
                + " - CHAR_LENGTH(SUBSTRING_INDEX(CURRENT_USER(), '@', -1)) - 1), '''@''',"
                + " SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')";
        try (Connection c = owner.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE IS_GRANTABLE = 'YES'"
                        + " AND GRANTEE = " + grantee
                        + " UNION SELECT PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES"
                        + " WHERE IS_GRANTABLE = 'YES' AND GRANTEE = " + grantee)) {
            while (rs.next()) {
                grantable.add(rs.getString(1).toUpperCase(Locale.ROOT));
            }
        }
        List<String> missing = DATA_RIGHTS.stream().filter(r -> !grantable.contains(r)).toList();
        if (missing.isEmpty()) {
            return null;
        }
        return "it lacks GRANT OPTION for " + String.join(", ", missing) + ". As an administrator: GRANT CREATE,"
                + " ALTER, DROP, INDEX, REFERENCES, SELECT, INSERT, UPDATE, DELETE ON *.* TO <owner> WITH GRANT OPTION"
                + " (or ON `<prefix>%`.* for the tenants' databases and ON <database>.* for the pool's)";
    }

    /** @return the quoted accounts ({@code 'user'@'host'}) of a user name, {@code 'user'@'%'} if none are visible */
    private static List<String> accountsOf(Connection owner, String user) throws SQLException {
        List<String> hosts = new ArrayList<>();
        try (PreparedStatement ps = owner.prepareStatement("SELECT Host FROM mysql.user WHERE User = ? ORDER BY Host")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hosts.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            if (!ACCESS_DENIED.contains(e.getErrorCode())) {
                throw e;
            }
            // no right to read the accounts: the usual one
        }
        if (hosts.isEmpty()) {
            hosts.add("%");
        }
        return hosts.stream().map(h -> quoteString(user) + "@" + quoteString(h)).toList();
    }

    private static String quoteString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** A tenant's schema is a MySQL database: dropping it drops its tables. */
    @Override
    public String dropSchemaSql(String quotedSchema) {
        return "DROP DATABASE IF EXISTS " + quotedSchema;
    }

    @Override
    public boolean lockMigrations(Connection c, String name, java.time.Duration timeout) throws SQLException {
        // server-wide named lock of this session; 1 taken, 0 timed out
        try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            ps.setString(1, name);
            ps.setLong(2, Math.max(1, timeout.toSeconds()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }

    @Override
    public void unlockMigrations(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            ps.setString(1, name);
            ps.execute();
        }
    }
}

package io.tenantstore.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tenantstore.jdbc.RowSecurity;
import io.tenantstore.jdbc.SqlDialect;
import io.tenantstore.jdbc.SqlFailure;
import org.jspecify.annotations.Nullable;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * PostgreSQL: {@code "identifiers"}, {@code ON CONFLICT}, {@code RETURNING}, native {@code uuid}
 * and {@code timestamptz} (bound as {@link OffsetDateTime} in UTC), SQLSTATE classification, and
 * row-level security on the tenant a session entered with {@code ts_rls_enter}. Stateless and
 * thread-safe.
 */
final class PostgresDialect implements SqlDialect {
    /** The first key of the migration locks ("tsMG"); Flyway locks with one 64-bit key, never a pair. */
    private static final int MIGRATION_LOCK_CLASS = 0x74734D47;
    /** The instance. */
    static final PostgresDialect INSTANCE = new PostgresDialect();

    /**
     * Row-level security. {@code ts_rls_enter(signed value)} checks the value the store signed and
     * enters the tenant for the session; the store calls it only when a connection does not carry
     * the tenant already, in the same round trip as the statement it guards (see {@link RowSecurity}).
     */
    private static final RowSecurity ROW_SECURITY = new RowSecurity(
            // the tenant is entered for the session (see V7 of the row-level security scripts): a
            // transaction cannot scope it, so both forms are the same call
            "SELECT ts_rls_enter(?::pg_catalog.text)",
            "SELECT ts_rls_enter(?::pg_catalog.text)",
            // DISCARD SEQUENCES leaves the tenant entered (from PostgreSQL 15), the setting clears
            // it before; neither needs a function, so it also works where the search path names a
            // tenant schema
            "DISCARD SEQUENCES; SELECT set_config('app.tenant_id', '', false)",
            "classpath:db/tenantstore/postgresql-rls",
            "SELECT c.relforcerowsecurity FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass(?)",
            "SELECT secret FROM ts_rls_key WHERE id = 1",
            "SELECT r.rolsuper OR r.rolbypassrls FROM pg_catalog.pg_roles r WHERE r.rolname = current_user",
            "SELECT pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_catalog.pg_class c"
                    + " WHERE c.oid = pg_catalog.to_regclass(?)",
            // version 8 of the scripts, PostgreSQL 15 and later: a connection the store holds proves
            // it once, then moves between tenants without a signature check on the server
            "SELECT ts_rls_store_challenge()",
            "SELECT ts_rls_enter_store(?::pg_catalog.text, ?::pg_catalog.text)",
            // version 9: the id's two halves, as they go into the session's sequences
            "SELECT ts_rls_switch(?::pg_catalog.int8, ?::pg_catalog.int8)",
            // all three are there and are the policies' owner's, next to the tables (versions 8 and 9
            // create them only where sessions can be marked: PostgreSQL 15 and later)
            "SELECT coalesce((SELECT count(*) = 3"
                    + " AND bool_and(p.prosecdef AND p.pronamespace = t.relnamespace AND p.proowner = t.relowner)"
                    + " FROM pg_catalog.pg_proc p, pg_catalog.pg_class t WHERE t.oid = pg_catalog.to_regclass('ts_users')"
                    + " AND p.oid IN (pg_catalog.to_regprocedure('ts_rls_store_challenge()'),"
                    + " pg_catalog.to_regprocedure('ts_rls_enter_store(text,text)'),"
                    + " pg_catalog.to_regprocedure('ts_rls_switch(bigint,bigint)'))), false)",
            // rights that would let raw SQL read the key, set a session's tenant, mark or challenge, or
            // plant functions and tables where the store's unqualified names would find them (a schema
            // on the search path, or the database, where "$user" may be created): the login's own, a
            // role's it inherits from, or a role's it may SET ROLE to (the store revokes only the
            // login's own)
            "SELECT pg_catalog.string_agg(DISTINCT w.what OPERATOR(pg_catalog.||) CASE WHEN r.rolname"
                    + " OPERATOR(pg_catalog.=) CURRENT_USER THEN '' ELSE ' (as ' OPERATOR(pg_catalog.||)"
                    + " pg_catalog.quote_ident(r.rolname) OPERATOR(pg_catalog.||) ')' END, ', ')"
                    + " FROM pg_catalog.pg_roles r CROSS JOIN LATERAL ("
                    + "SELECT 'SELECT on ts_rls_key' AS what, pg_catalog.has_any_column_privilege(r.oid,"
                    + " pg_catalog.to_regclass('ts_rls_key'), 'SELECT') AS granted"
                    + " UNION ALL SELECT 'USAGE or UPDATE on ts_rls_tenant_hi', pg_catalog.has_sequence_privilege(r.oid,"
                    + " pg_catalog.to_regclass('ts_rls_tenant_hi'), 'USAGE, UPDATE')"
                    + " UNION ALL SELECT 'USAGE or UPDATE on ts_rls_tenant_lo', pg_catalog.has_sequence_privilege(r.oid,"
                    + " pg_catalog.to_regclass('ts_rls_tenant_lo'), 'USAGE, UPDATE')"
                    + " UNION ALL SELECT 'UPDATE on ts_rls_store', pg_catalog.has_sequence_privilege(r.oid,"
                    + " pg_catalog.to_regclass('ts_rls_store'), 'UPDATE')"
                    + " UNION ALL SELECT 'UPDATE on ts_rls_challenge', pg_catalog.has_sequence_privilege(r.oid,"
                    + " pg_catalog.to_regclass('ts_rls_challenge'), 'UPDATE')"
                    + " UNION ALL SELECT 'CREATE on database ' OPERATOR(pg_catalog.||)"
                    + " pg_catalog.quote_ident(pg_catalog.current_database()),"
                    + " pg_catalog.has_database_privilege(r.oid, pg_catalog.current_database(), 'CREATE')"
                    + " UNION ALL SELECT 'CREATE on schema ' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(n),"
                    + " pg_catalog.has_schema_privilege(r.oid, n, 'CREATE')"
                    + " FROM pg_catalog.unnest(pg_catalog.current_schemas(false)) AS n) AS w"
                    + " WHERE pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'MEMBER') AND w.granted");

    private PostgresDialect() {
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public char identifierQuote() {
        return '"';
    }

    @Override
    public String upsert(String table, List<String> columns, List<String> keyColumns, List<String> updateColumns) {
        StringBuilder sql = SqlDialect.insertStatement(table, columns).append(" ON CONFLICT (").append(String.join(", ", keyColumns))
                .append(") DO UPDATE SET ");
        for (int i = 0; i < updateColumns.size(); i++) {
            String c = updateColumns.get(i);
            sql.append(i == 0 ? "" : ", ").append(c).append(" = EXCLUDED.").append(c);
        }
        return sql.toString();
    }

    @Override
    public String insertIfAbsent(String table, List<String> columns, List<String> keyColumns) {
        return SqlDialect.insertStatement(table, columns).append(" ON CONFLICT (").append(String.join(", ", keyColumns))
                .append(") DO NOTHING").toString();
    }

    @Override
    public boolean supportsReturning() {
        return true;
    }

    @Override
    public void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
        ps.setObject(index, value);
    }

    @Override
    public UUID getUuid(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, @Nullable Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    @Override
    public @Nullable Instant getInstant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /**
     * By SQLSTATE: 23505 unique, 23503 foreign key, class 08 and 57P01-57P03 (shutdown, crash,
     * starting up) and 53300 (too many connections) unreachable, 40001 and 40P01 contention,
     * class 22 invalid data.
     */
    @Override
    public SqlFailure classify(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return SqlFailure.of(SqlFailure.Kind.OTHER);
        }
        return switch (state) {
            case "23505" -> new SqlFailure(SqlFailure.Kind.UNIQUE_VIOLATION, constraint(e));
            case "23503" -> new SqlFailure(SqlFailure.Kind.FOREIGN_KEY_VIOLATION, constraint(e));
            case "57P01", "57P02", "57P03", "53300" -> SqlFailure.of(SqlFailure.Kind.CONNECTION_FAILURE);
            case "40001", "40P01" -> SqlFailure.of(SqlFailure.Kind.CONTENTION);
            default -> state.startsWith("08") ? SqlFailure.of(SqlFailure.Kind.CONNECTION_FAILURE)
                    : state.startsWith("22") ? SqlFailure.of(SqlFailure.Kind.INVALID_DATA)
                    : SqlFailure.of(SqlFailure.Kind.OTHER);
        };
    }

    private static @Nullable String constraint(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage m = p.getServerErrorMessage();
            return m == null ? null : m.getConstraint();
        }
        return null;
    }

    /** {@code SET search_path TO "schema"}: temporary objects and the catalog stay implicit. */
    @Override
    public void enterSchema(Connection c, String schema) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + quoteIdentifier(schema));
        }
    }

    /**
     * Ends any transaction (also one opened with a plain {@code BEGIN}), then {@code DISCARD ALL}:
     * settings (search path, row_security, default_transaction_read_only, app.tenant_id),
     * {@code SET ROLE}, temporary tables, prepared statements, cursors, LISTEN and advisory locks.
     * A prepared transaction outlives the session; when the login has one on this database the
     * connection is evicted so nothing of it is reused (the transaction itself is left to the
     * administrator: {@code max_prepared_transactions = 0}, the default, prevents it, and then the
     * check is skipped).
     */
    @Override
    public boolean resetSession(Connection c, @Nullable String defaultCatalog) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
            c.setAutoCommit(true);
        }
        BaseConnection pg = c.unwrap(BaseConnection.class);
        try (Statement st = c.createStatement()) {
            if (pg.getTransactionState() != TransactionState.IDLE) {
                st.execute("ROLLBACK");
            }
            st.execute("DISCARD ALL");
            if (!preparesTransactions(pg, st)) {
                return true; // PREPARE TRANSACTION fails on this server: there is nothing to look for
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_catalog.pg_prepared_xacts"
                    + " WHERE owner = session_user AND database = pg_catalog.current_database()")) {
                return rs.next() && rs.getLong(1) == 0;
            }
        }
    }

    /**
     * Servers that allow prepared transactions, by physical connection: the setting only changes with
     * a server restart, which ends the connection, so each connection asks once (the default, 0,
     * saves a round trip at every return of an escape-hatch connection).
     */
    private final Map<BaseConnection, Boolean> preparedTransactions =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private boolean preparesTransactions(BaseConnection pg, Statement st) throws SQLException {
        Boolean known = preparedTransactions.get(pg);
        if (known == null) {
            try (ResultSet rs = st.executeQuery("SHOW max_prepared_transactions")) {
                known = rs.next() && Integer.parseInt(rs.getString(1).trim()) > 0;
            }
            preparedTransactions.put(pg, known);
        }
        return known;
    }

    /**
     * {@code USAGE} on the schema, {@code SELECT, INSERT, UPDATE, DELETE} on its tables and
     * {@code USAGE, SELECT} on its sequences; the history tables stay read-only and the
     * row-level security key unreadable.
     */
    @Override
    public void grantRuntimeRights(Connection owner, @Nullable String schema, String runtimeUser) throws SQLException {
        String role = '"' + runtimeUser.replace("\"", "\"\"") + '"';
        try (Statement st = owner.createStatement()) {
            String s;
            if (schema == null) {
                try (ResultSet rs = st.executeQuery("SELECT current_schema()")) {
                    rs.next();
                    s = '"' + rs.getString(1).replace("\"", "\"\"") + '"';
                }
            } else {
                s = quoteIdentifier(schema);
            }
            st.execute("GRANT USAGE ON SCHEMA " + s + " TO " + role);
            st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + s + " TO " + role);
            st.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + s + " TO " + role);
            for (String table : new String[] {"ts_schema_history", "ts_rls_history", "flyway_schema_history"}) {
                if (exists(owner, s + "." + table)) {
                    st.execute("REVOKE INSERT, UPDATE, DELETE ON " + s + "." + table + " FROM " + role);
                }
            }
            if (exists(owner, s + ".ts_rls_key")) {
                st.execute("REVOKE ALL ON " + s + ".ts_rls_key FROM " + role);
            }
            // the session's tenant: readable (currval), never movable by the runtime login (nextval)
            for (String sequence : new String[] {"ts_rls_tenant_hi", "ts_rls_tenant_lo"}) {
                if (exists(owner, s + "." + sequence)) {
                    st.execute("REVOKE USAGE, UPDATE ON SEQUENCE " + s + "." + sequence + " FROM " + role);
                }
            }
            // the mark of the store's own sessions: nothing at all (its values are built so that a
            // nextval() cannot forge it, but no login needs to touch it) and the sessions' challenges
            for (String sequence : new String[] {"ts_rls_store", "ts_rls_challenge"}) {
                if (exists(owner, s + "." + sequence)) {
                    st.execute("REVOKE ALL ON SEQUENCE " + s + "." + sequence + " FROM " + role);
                }
            }
        }
    }

    private static boolean exists(Connection c, String qualified) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.to_regclass(?) IS NOT NULL")) {
            ps.setString(1, qualified);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @Override
    public Optional<RowSecurity> rowSecurity() {
        return Optional.of(ROW_SECURITY);
    }

    /** Names the connections in {@code pg_stat_activity}. */
    @Override
    public Map<String, String> defaultDriverProperties() {
        // logServerErrorDetail=false: the server's DETAIL quotes key values (a token hash) in errors.
        return Map.of("ApplicationName", "tenantstore", "logServerErrorDetail", "false");
    }

    /** The channel control-plane writes notify on. */
    static final String CONTROL_PLANE_CHANNEL = "tenantstore_control_plane";

    @Override
    public Optional<String> controlPlaneNotifySql() {
        return Optional.of("SELECT pg_notify('" + CONTROL_PLANE_CHANNEL + "', ?)");
    }

    @Override
    public void listenForControlPlaneChanges(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("LISTEN " + CONTROL_PLANE_CHANNEL);
        }
    }

    @Override
    public List<String> awaitControlPlaneChanges(Connection c, int timeoutMillis) throws SQLException {
        org.postgresql.PGNotification[] got = c.unwrap(org.postgresql.PGConnection.class).getNotifications(timeoutMillis);
        if (got == null || got.length == 0) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>(got.length);
        for (org.postgresql.PGNotification n : got) {
            if (CONTROL_PLANE_CHANNEL.equals(n.getName())) {
                out.add(n.getParameter());
            }
        }
        return out;
    }

    @Override
    public boolean lockMigrations(java.sql.Connection c, String name, java.time.Duration timeout)
            throws java.sql.SQLException {
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("SET lock_timeout = '" + Math.max(1, timeout.toMillis()) + "ms'");
        }
        boolean taken;
        try (java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT pg_catalog.pg_advisory_lock(?, pg_catalog.hashtext(?))")) {
            ps.setInt(1, MIGRATION_LOCK_CLASS);
            ps.setString(2, name);
            ps.execute();
            taken = true;
        } catch (java.sql.SQLException e) {
            if (!"55P03".equals(e.getSQLState())) {
                throw e; // the caller closes the connection, setting and all
            }
            taken = false; // lock_timeout: another process still migrates
        }
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("RESET lock_timeout");
        }
        return taken;
    }

    @Override
    public void unlockMigrations(java.sql.Connection c, String name) throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT pg_catalog.pg_advisory_unlock(?, pg_catalog.hashtext(?))")) {
            ps.setInt(1, MIGRATION_LOCK_CLASS);
            ps.setString(2, name);
            ps.execute();
        }
    }
}

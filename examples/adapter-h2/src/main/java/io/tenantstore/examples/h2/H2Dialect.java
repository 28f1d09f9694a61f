package io.tenantstore.examples.h2;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

/**
 * H2 2.x. Every connection folds unquoted names to lower case ({@code DATABASE_TO_LOWER}), so the
 * tables, constraints and quoted schema names read as in PostgreSQL, and the constraint names in
 * H2's messages are the lower-case names {@link Constraint} knows. Upserts are standard
 * {@code MERGE ... USING}; there is no {@code RETURNING}; rows are locked with
 * {@code FOR UPDATE}. Stateless and thread-safe.
 */
final class H2Dialect implements SqlDialect {
    /** The instance. */
    static final H2Dialect INSTANCE = new H2Dialect();

    /** Settings every connection gets unless the configuration sets them. */
    private static final Map<String, String> DRIVER_PROPERTIES = Map.of(
            "DATABASE_TO_LOWER", "TRUE",
            // wait for a row lock held by another transaction instead of failing at once. Default: 10 s
            "LOCK_TIMEOUT", "10000");

    private static final Set<Isolation> ISOLATIONS = Set.copyOf(EnumSet.allOf(Isolation.class));

    /** A unique or primary key violation names the index, its table and columns: {@code ON public.ts_users(tenant_id, id)}. */
    private static final Pattern UNIQUE = Pattern.compile(" ON (?:\"?[A-Za-z0-9_]+\"?\\.)?\"?([A-Za-z0-9_]+)\"?\\(([^)]*)\\)");
    /** A foreign key violation starts with the constraint's name: {@code violation: "ts_user_roles_role_fk: ...}. */
    private static final Pattern FOREIGN_KEY = Pattern.compile("violation: \"([a-z0-9_]+):");

    private H2Dialect() {
    }

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public char identifierQuote() {
        return '"';
    }

    @Override
    public Set<Isolation> isolations() {
        return ISOLATIONS;
    }

    /** {@code MERGE INTO t USING (VALUES (?, ...)) s (c, ...) ON key WHEN MATCHED THEN UPDATE ... WHEN NOT MATCHED THEN INSERT ...}. */
    @Override
    public String upsert(String table, List<String> columns, List<String> keyColumns, List<String> updateColumns) {
        StringBuilder sql = merge(table, columns, keyColumns);
        if (!updateColumns.isEmpty()) {
            sql.append(" WHEN MATCHED THEN UPDATE SET ");
            for (int i = 0; i < updateColumns.size(); i++) {
                String c = updateColumns.get(i);
                sql.append(i == 0 ? "" : ", ").append(c).append(" = s.").append(c);
            }
        }
        return notMatched(sql, columns).toString();
    }

    /** The same {@code MERGE} with only {@code WHEN NOT MATCHED THEN INSERT}. */
    @Override
    public String insertIfAbsent(String table, List<String> columns, List<String> keyColumns) {
        return notMatched(merge(table, columns, keyColumns), columns).toString();
    }

    private static StringBuilder merge(String table, List<String> columns, List<String> keyColumns) {
        StringBuilder sql = new StringBuilder("MERGE INTO ").append(table).append(" t USING (VALUES (");
        sql.append(String.join(", ", java.util.Collections.nCopies(columns.size(), "?"))).append(")) s (")
                .append(String.join(", ", columns)).append(") ON ");
        for (int i = 0; i < keyColumns.size(); i++) {
            String k = keyColumns.get(i);
            sql.append(i == 0 ? "" : " AND ").append("t.").append(k).append(" = s.").append(k);
        }
        return sql;
    }

    private static StringBuilder notMatched(StringBuilder sql, List<String> columns) {
        sql.append(" WHEN NOT MATCHED THEN INSERT (").append(String.join(", ", columns)).append(") VALUES (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("s.").append(columns.get(i));
        }
        return sql.append(')');
    }

    /** @return {@code false}: H2 returns written rows through data change delta tables, not {@code RETURNING} */
    @Override
    public boolean supportsReturning() {
        return false;
    }

    @Override
    public void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
        ps.setObject(index, value);
    }

    @Override
    public UUID getUuid(ResultSet rs, int column) throws SQLException {
        UUID value = rs.getObject(column, UUID.class);
        if (value == null) {
            throw new SQLException("unexpected NULL in UUID column " + column);
        }
        return value;
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
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * By SQLState: 23505 unique (the key found from the table and columns H2 names), 23503/23506
     * foreign key (H2 names the constraint), 40001 and HYT00 (deadlock, lock timeout) and H2's
     * 90131 (concurrent update) contention, class 08 and H2's closed or broken connection codes a
     * connection failure, class 22 and 23502/23513 (null, check) invalid data.
     */
    @Override
    public SqlFailure classify(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? "" : e.getMessage();
        switch (state) {
            case "23505":
                return new SqlFailure(SqlFailure.Kind.UNIQUE_VIOLATION, uniqueKey(message));
            case "23503", "23506": {
                Matcher m = FOREIGN_KEY.matcher(message);
                return new SqlFailure(SqlFailure.Kind.FOREIGN_KEY_VIOLATION, m.find() ? m.group(1) : null);
            }
            case "40001", "HYT00", "90131":
                return SqlFailure.of(SqlFailure.Kind.CONTENTION);
            case "23502", "23513":
                return SqlFailure.of(SqlFailure.Kind.INVALID_DATA);
            case "90067", "90098", "90121", "90020", "28000":
                return SqlFailure.of(SqlFailure.Kind.CONNECTION_FAILURE);
            default:
                break;
        }
        if (state.startsWith("08")) {
            return SqlFailure.of(SqlFailure.Kind.CONNECTION_FAILURE);
        }
        if (state.startsWith("22")) {
            return SqlFailure.of(SqlFailure.Kind.INVALID_DATA);
        }
        return SqlFailure.of(SqlFailure.Kind.OTHER);
    }

    /** @return the name of the key whose table and columns H2 reports, else {@code table(columns)}, else null */
    static @Nullable String uniqueKey(String message) {
        Matcher m = UNIQUE.matcher(message);
        if (!m.find()) {
            return null;
        }
        String table = m.group(1).toLowerCase(Locale.ROOT);
        List<String> columns = new ArrayList<>();
        for (String c : m.group(2).split(",")) {
            String name = c.strip().replace("\"", "").split("\\s+")[0].toLowerCase(Locale.ROOT);
            if (!name.isEmpty()) {
                columns.add(name);
            }
        }
        return Constraint.uniqueKeyOf(table, columns).map(Constraint::constraintName)
                .orElse(table + "(" + String.join(", ", columns) + ")");
    }

    /**
     * {@code SET SCHEMA}: unqualified names then resolve to the tenant's schema only. H2 has no way
     * to reset a whole session, so such a connection is evicted after use (the default
     * {@link #resetSession}).
     */
    @Override
    public void enterSchema(Connection c, String schema) throws SQLException {
        c.setSchema(validateIdentifier(schema));
    }

    @Override
    public Map<String, String> defaultDriverProperties() {
        return DRIVER_PROPERTIES;
    }
}

package io.tenantstore.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * PostgreSQL: {@code "identifiers"}, {@code ON CONFLICT}, {@code RETURNING}, native {@code uuid}
 * and {@code timestamptz} (bound as {@link OffsetDateTime} in UTC), SQLSTATE classification, and
 * row-level security through the {@code app.tenant_id} setting. Stateless and thread-safe.
 */
final class PostgresDialect implements SqlDialect {
    /** The instance. */
    static final PostgresDialect INSTANCE = new PostgresDialect();

    /**
     * Row-level security. {@code set_config(..., true)} lasts until the end of the transaction;
     * sent in the same round trip as the statement it guards, it costs the server one trivial
     * extra statement per call and no extra round trip.
     */
    private static final RowSecurity ROW_SECURITY = new RowSecurity(
            "SELECT set_config('app.tenant_id', ?, true)",
            "SELECT set_config('app.tenant_id', ?, false)",
            "SELECT set_config('app.tenant_id', '', false)",
            "classpath:db/tenantstore/postgresql-rls",
            "SELECT c.relforcerowsecurity FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass(?)");

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
}

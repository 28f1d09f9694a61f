package io.tenantstore.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A dialect for tests without a database: standard quoting, PostgreSQL-style SQLSTATE
 * classification (23505, 23503, 08xxx, 40001, 22xxx), optional row-level security. Thread-safe.
 */
public final class StubDialect implements SqlDialect {
    /** Row-level security statements the stub offers when asked to. */
    public static final RowSecurity ROW_SECURITY = new RowSecurity("SET-TX ?", "SET-SESSION ?", "RESET",
            "classpath:none", "CHECK ?");
    /** Row-level security whose store sessions are marked once, then switch tenants. */
    public static final RowSecurity SWITCHING_ROW_SECURITY = new RowSecurity("SET-TX ?", "SET-SESSION ?", "RESET",
            "classpath:none", "CHECK ?", "KEY", "BYPASS", "OWNER", "CHALLENGE", "MARK ?, ?", "SWITCH ?, ?", "CAN-SWITCH",
            "FORGE");

    private final boolean returning;
    private final boolean rowSecurity;

    /**
     * @param returning   whether it claims RETURNING
     * @param rowSecurity whether it offers row-level security
     */
    public StubDialect(boolean returning, boolean rowSecurity) {
        this.returning = returning;
        this.rowSecurity = rowSecurity;
    }

    @Override
    public String name() {
        return "stub";
    }

    @Override
    public char identifierQuote() {
        return '"';
    }

    @Override
    public String upsert(String table, List<String> columns, List<String> keyColumns, List<String> updateColumns) {
        return "UPSERT " + table + " " + columns + " KEY " + keyColumns + " SET " + updateColumns;
    }

    @Override
    public String insertIfAbsent(String table, List<String> columns, List<String> keyColumns) {
        return "INSERT-IF-ABSENT " + table + " " + columns + " KEY " + keyColumns;
    }

    @Override
    public boolean supportsReturning() {
        return returning;
    }

    @Override
    public void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
        ps.setString(index, value.toString());
    }

    @Override
    public UUID getUuid(ResultSet rs, int column) throws SQLException {
        return UUID.fromString(rs.getString(column));
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, @Nullable Instant value) throws SQLException {
        ps.setString(index, value == null ? null : value.toString());
    }

    @Override
    public @Nullable Instant getInstant(ResultSet rs, int column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? null : Instant.parse(s);
    }

    @Override
    public SqlFailure classify(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("23505")) {
            return new SqlFailure(SqlFailure.Kind.UNIQUE_VIOLATION, e.getMessage());
        }
        if (state.equals("23503")) {
            return new SqlFailure(SqlFailure.Kind.FOREIGN_KEY_VIOLATION, e.getMessage());
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

    @Override
    public Optional<RowSecurity> rowSecurity() {
        return rowSecurity ? Optional.of(ROW_SECURITY) : Optional.empty();
    }
}

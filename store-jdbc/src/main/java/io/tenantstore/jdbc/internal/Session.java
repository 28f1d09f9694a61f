package io.tenantstore.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import io.tenantstore.jdbc.RowSecurity;
import io.tenantstore.jdbc.SqlDialect;
import org.jspecify.annotations.Nullable;

/**
 * A pooled connection in use by one repository call, in auto-commit or inside a transaction. On a
 * target with row-level security it sends the guarded variant of a statement (see
 * {@link RowSecurity}), so the tenant is set in the same round trip as the statement. Not
 * thread-safe; confined to the calling thread.
 */
final class Session {
    /** Binds one statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(Params p) throws SQLException;
    }

    /** Reads one row. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(Row r) throws SQLException;
    }

    private final Connection connection;
    private final SqlDialect dialect;
    private final BoundTenant tenant;
    private final boolean transactional;
    private final @Nullable RowSecurity rowSecurity;
    private final Consumer<Connection> evict;
    private boolean tenantSet;

    /**
     * @param connection    the pooled connection
     * @param dialect       the engine
     * @param tenant        the bound tenant
     * @param transactional whether auto-commit is off for this session
     * @param rowSecurity   the engine's row-level security, or {@code null}
     * @param evict         removes a connection from the pool whose tenant setting could not be cleared
     */
    Session(Connection connection, SqlDialect dialect, BoundTenant tenant, boolean transactional,
            @Nullable RowSecurity rowSecurity, Consumer<Connection> evict) {
        this.connection = connection;
        this.dialect = dialect;
        this.tenant = tenant;
        this.transactional = transactional;
        this.rowSecurity = rowSecurity;
        this.evict = evict;
    }

    <T> Optional<T> one(Stmt stmt, Binder binder, RowReader<T> reader) throws SQLException {
        try (PreparedStatement ps = execute(stmt, binder); ResultSet rs = ps.getResultSet()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            T value = reader.read(new Row(rs, dialect));
            if (rs.next()) {
                throw new SQLException("expected at most one row: " + stmt.sql());
            }
            return Optional.of(value);
        }
    }

    <T> List<T> list(Stmt stmt, Binder binder, RowReader<T> reader) throws SQLException {
        try (PreparedStatement ps = execute(stmt, binder); ResultSet rs = ps.getResultSet()) {
            List<T> rows = new ArrayList<>();
            Row row = new Row(rs, dialect);
            while (rs.next()) {
                rows.add(reader.read(row));
            }
            return rows;
        }
    }

    long count(Stmt stmt, Binder binder) throws SQLException {
        try (PreparedStatement ps = execute(stmt, binder); ResultSet rs = ps.getResultSet()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    int update(Stmt stmt, Binder binder) throws SQLException {
        try (PreparedStatement ps = execute(stmt, binder)) {
            return ps.getUpdateCount();
        }
    }

    /**
     * Runs one statement for many parameter rows in one round trip. Inside a transaction only, so
     * the tenant can be set once before it.
     */
    void batch(Stmt stmt, List<Binder> rows) throws SQLException {
        if (!transactional) {
            throw new IllegalStateException("batches run inside a transaction");
        }
        if (rows.isEmpty()) {
            return;
        }
        if (stmt.guarded() && !tenantSet) {
            try (PreparedStatement ps = connection.prepareStatement(
                    Objects.requireNonNull(rowSecurity).transactionTenantSql())) {
                ps.setString(1, tenant.rowSecurityValue());
                ps.execute();
            }
            tenantSet = true;
        }
        try (PreparedStatement ps = connection.prepareStatement(stmt.sql())) {
            for (Binder b : rows) {
                b.bind(new Params(ps, dialect, 1));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** @return the executed statement, positioned at the result of {@code stmt} itself */
    private PreparedStatement execute(Stmt stmt, Binder binder) throws SQLException {
        boolean guard = stmt.guarded() && !tenantSet;
        String sql = !guard ? stmt.sql() : transactional ? stmt.transactionSql() : stmt.autoCommitSql();
        PreparedStatement ps = connection.prepareStatement(sql);
        try {
            int first = 1;
            if (guard) {
                ps.setString(1, tenant.rowSecurityValue());
                first = 2;
            }
            binder.bind(new Params(ps, dialect, first));
            ps.execute();
            if (guard) {
                // skip the set_config result; the statement's own result follows
                ps.getMoreResults();
                // in a transaction the setting lasts until it ends
                tenantSet = transactional;
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            if (guard && !transactional) {
                clearTenant(e);
            }
            throw e;
        }
    }

    /**
     * After a failed guarded statement in auto-commit: its implicit transaction rolled the setting
     * back unless the driver had synced before the statement, so clear it to be sure; a
     * connection that cannot be cleared never returns to the pool.
     */
    private void clearTenant(Exception failure) {
        try (PreparedStatement ps = connection.prepareStatement(
                Objects.requireNonNull(rowSecurity).sessionResetSql())) {
            ps.execute();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
            evict.accept(connection);
        }
    }
}

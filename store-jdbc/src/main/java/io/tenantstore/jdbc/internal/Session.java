package io.tenantstore.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.tenantstore.jdbc.SqlDialect;
import org.jspecify.annotations.Nullable;

/**
 * A pooled connection in use by one repository call, in auto-commit or inside a transaction. Runs
 * the guarded variant of a statement until the tenant is set for the transaction, so row-level
 * security costs no extra round trip. Not thread-safe; confined to the calling thread.
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

    static final Binder NO_PARAMS = p -> { };

    private final Connection connection;
    private final SqlDialect dialect;
    private final BoundTenant tenant;
    private final boolean transactional;
    private final @Nullable String tenantSql;
    private boolean tenantSet;

    Session(Connection connection, SqlDialect dialect, BoundTenant tenant, boolean transactional,
            @Nullable String tenantSql) {
        this.connection = connection;
        this.dialect = dialect;
        this.tenant = tenant;
        this.transactional = transactional;
        this.tenantSql = tenantSql;
    }

    BoundTenant tenant() {
        return tenant;
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
        if (stmt.guardedSql() != null && !tenantSet) {
            setTenant();
        }
        try (PreparedStatement ps = connection.prepareStatement(stmt.sql())) {
            for (Binder b : rows) {
                b.bind(new Params(ps, dialect, 1));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void setTenant() throws SQLException {
        if (tenantSql == null) {
            throw new IllegalStateException("guarded statement without a tenant statement");
        }
        try (PreparedStatement ps = connection.prepareStatement(tenantSql)) {
            ps.setString(1, tenant.idText());
            ps.execute();
        }
        tenantSet = true;
    }

    /** @return the executed statement, positioned at the result of {@code stmt} itself */
    private PreparedStatement execute(Stmt stmt, Binder binder) throws SQLException {
        boolean guard = stmt.guardedSql() != null && !tenantSet;
        PreparedStatement ps = connection.prepareStatement(guard ? stmt.guardedSql() : stmt.sql());
        try {
            int first = 1;
            if (guard) {
                ps.setString(1, tenant.idText());
                first = 2;
            }
            binder.bind(new Params(ps, dialect, first));
            ps.execute();
            if (guard) {
                // skip the set_config result; the statement's own result follows
                ps.getMoreResults();
                // in auto-commit the setting ends with the statement; in a transaction it stays
                tenantSet = transactional;
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }
}

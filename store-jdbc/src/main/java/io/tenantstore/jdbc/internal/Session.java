package io.tenantstore.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.tenantstore.jdbc.RowSecurity;
import io.tenantstore.jdbc.SqlDialect;
import org.jspecify.annotations.Nullable;

/**
 * A pooled connection in use by one repository call, in auto-commit or inside a transaction. On a
 * target with row-level security the connection must carry the tenant's (signed) session setting
 * before a statement runs: when {@link SessionTenants} says it already does (the connection served
 * this tenant last), the statement goes alone; otherwise its guarded variant sets the setting in
 * the same round trip. Where the target switches tenants ({@link Stmt#switches()}), the guarded
 * variant switches a session marked as the store's, and a connection not known to be marked is
 * first marked (entering the tenant at the same time) by statements of its own: a challenge for
 * the session, then the proof that answers it. The setting is
 * recorded once it has committed (at once in auto-commit, at the commit of a transaction) and
 * forgotten on any failure. Not thread-safe; confined to the calling thread.
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
    private final SessionTenants tenants;
    /** The physical connection, looked up at the first guarded statement. */
    private @Nullable Connection physical;
    /** Whether the connection carries this tenant's setting (known, or set in this session). */
    private boolean tenantSet;
    /** Whether this session set the setting inside its transaction, to be recorded at commit. */
    private boolean setInTransaction;
    /** Whether the connection's session is marked as the store's (known, or marked in this session). */
    private boolean marked;

    /**
     * @param connection    the pooled connection
     * @param dialect       the engine
     * @param tenant        the bound tenant
     * @param transactional whether auto-commit is off for this session
     * @param rowSecurity   the engine's row-level security, or {@code null}
     * @param tenants       the settings the pool's connections carry
     */
    Session(Connection connection, SqlDialect dialect, BoundTenant tenant, boolean transactional,
            @Nullable RowSecurity rowSecurity, SessionTenants tenants) {
        this.connection = connection;
        this.dialect = dialect;
        this.tenant = tenant;
        this.transactional = transactional;
        this.rowSecurity = rowSecurity;
        this.tenants = tenants;
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
        if (stmt.guarded() && !carriesTenant()) {
            if (stmt.switches() && !marked) {
                enterMarked();
            } else {
                RowSecurity rs = Objects.requireNonNull(rowSecurity);
                tenants.forget(Objects.requireNonNull(physical));
                try (PreparedStatement ps = connection.prepareStatement(
                        stmt.switches() ? rs.switchSql() : rs.sessionTenantSql())) {
                    bindGuard(ps, stmt);
                    ps.execute();
                }
                entered(stmt.switches());
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(stmt.sql())) {
            for (Binder b : rows) {
                b.bind(new Params(ps, dialect, 1));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** @return whether the connection carries this tenant's setting; looks it up once per session */
    private boolean carriesTenant() {
        if (tenantSet) {
            return true;
        }
        if (physical == null) {
            physical = SessionTenants.physical(connection);
            SessionTenants.Carried known = tenants.carried(physical);
            marked = known != null && known.marked();
            tenantSet = known != null && tenant.rowSecurityValue().equals(known.tenant());
        }
        return tenantSet;
    }

    /**
     * Marks the connection's session as the store's and enters the tenant: the session is given a
     * challenge, and the proof answers it (two statements of their own).
     */
    private void enterMarked() throws SQLException {
        RowSecurity rs = Objects.requireNonNull(rowSecurity);
        tenants.forget(Objects.requireNonNull(physical));
        long challenge;
        try (PreparedStatement ps = connection.prepareStatement(rs.storeChallengeSql());
             ResultSet r = ps.executeQuery()) {
            if (!r.next()) {
                throw new SQLException("no challenge for the session: " + rs.storeChallengeSql());
            }
            challenge = r.getLong(1);
        }
        String proof = tenants.storeProof(challenge);
        try (PreparedStatement ps = connection.prepareStatement(rs.storeEntrySql())) {
            ps.setString(1, tenant.rowSecurityValue());
            ps.setString(2, proof);
            ps.execute();
        }
        entered(true);
    }

    /**
     * Binds what the guard of {@code stmt} is given: the two halves of the tenant id to switch to,
     * or the tenant's signed setting.
     *
     * @return the index of the statement's own first parameter
     */
    private int bindGuard(PreparedStatement ps, Stmt stmt) throws SQLException {
        if (stmt.switches()) {
            ps.setLong(1, tenant.id().getMostSignificantBits());
            ps.setLong(2, tenant.id().getLeastSignificantBits());
            return 3;
        }
        ps.setString(1, tenant.rowSecurityValue());
        return 2;
    }

    /**
     * The tenant was set on the connection: recorded at once in auto-commit, at commit in a transaction.
     *
     * @param markedNow whether the session is marked now (entering with the signed setting removes the mark)
     */
    private void entered(boolean markedNow) {
        tenantSet = true;
        marked = markedNow;
        if (transactional) {
            setInTransaction = true;
        } else {
            tenants.carries(Objects.requireNonNull(physical), tenant.rowSecurityValue(), marked);
        }
    }

    /** @return the executed statement, positioned at the result of {@code stmt} itself */
    private PreparedStatement execute(Stmt stmt, Binder binder) throws SQLException {
        boolean guard = stmt.guarded() && !carriesTenant();
        if (guard && stmt.switches() && !marked) {
            // the first time the store uses this connection (or the first after it was lent)
            enterMarked();
            guard = false;
        }
        if (guard) {
            // unknown from here until the setting has committed
            tenants.forget(Objects.requireNonNull(physical));
        }
        PreparedStatement ps = connection.prepareStatement(guard ? stmt.guardedSql() : stmt.sql());
        try {
            binder.bind(new Params(ps, dialect, guard ? bindGuard(ps, stmt) : 1));
            ps.execute();
            if (guard) {
                // skip the result of entering the tenant; the statement's own result follows
                ps.getMoreResults();
                entered(stmt.switches());
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            failed();
            throw e;
        }
    }

    /** The transaction committed: a setting made in it now lasts for the session. */
    void committed() {
        if (setInTransaction) {
            tenants.carries(Objects.requireNonNull(physical), tenant.rowSecurityValue(), marked);
            setInTransaction = false;
        }
    }

    /**
     * A statement failed or the transaction rolls back: a setting made with it may have been rolled
     * back to an earlier value, so what the connection carries is unknown.
     */
    void failed() {
        if (physical != null) {
            tenants.forget(physical);
        }
        tenantSet = false;
        setInTransaction = false;
        marked = false;
    }
}

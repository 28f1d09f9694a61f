package io.tenantstore.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import io.tenantstore.jdbc.RowSecurity;
import io.tenantstore.jdbc.SqlDialect;
import io.tenantstore.jdbc.SqlFailure;
import org.jspecify.annotations.Nullable;

/**
 * Runs repository work on a pooled connection and turns driver exceptions into TenantStore errors.
 *
 * <p>Plain JDBC on purpose: a repository call is one {@code getConnection}, one prepared statement
 * and the row mapping, the same work as hand-written JDBC on the same pool (the performance budget is
 * 1.10x). Jdbi's per-call handle and statement context measured well above that budget on
 * loopback PostgreSQL, so Jdbi is what applications get through {@code unwrap}, not what the hot
 * path runs through. Thread-safe.
 */
final class SqlRunner {
    /**
     * Attempts of a transaction, or of a single auto-commit statement, that hit a deadlock, a
     * serialization failure or a lock wait timeout. Default: 3.
     */
    static final int CONTENTION_ATTEMPTS = 3;

    /** The work done with one session. */
    @FunctionalInterface
    interface Work<T> {
        T run(Session s) throws SQLException;
    }

    private final DataSource pool;
    private final SqlDialect dialect;
    private final String source;
    private final @Nullable RowSecurity rowSecurity;
    private final PoolState poolState;
    private final SessionTenants tenants;

    /** Tells a closed pool from a down database, and hears of lost connections. */
    @FunctionalInterface
    interface PoolState {
        /** @return whether the pool is closed */
        boolean closed();

        /** @return whether it was closed because the store dropped it (not because the store closed) */
        default boolean evicted() {
            return false;
        }

        /** @param e a statement lost its connection: maybe one connection, maybe the server */
        default void connectionLost(SQLException e) {
        }
    }

    /**
     * @param pool        the traffic pool
     * @param dialect     the engine
     * @param source      the data source, for messages
     * @param rowSecurity the engine's row-level security, or {@code null}; used by guarded statements
     * @param poolState   tells a closed pool
     * @param tenants     the row-level security settings the pool's connections carry
     */
    SqlRunner(DataSource pool, SqlDialect dialect, String source, @Nullable RowSecurity rowSecurity,
              PoolState poolState, SessionTenants tenants) {
        this.pool = pool;
        this.dialect = dialect;
        this.source = source;
        this.rowSecurity = rowSecurity;
        this.poolState = poolState;
        this.tenants = tenants;
    }

    SqlDialect dialect() {
        return dialect;
    }

    <T> Optional<T> one(BoundTenant t, ErrorContext ctx, Stmt stmt, Session.Binder b, Session.RowReader<T> r) {
        return statement(t, ctx, writes(stmt), s -> s.one(stmt, b, r));
    }

    <T> List<T> list(BoundTenant t, ErrorContext ctx, Stmt stmt, Session.Binder b, Session.RowReader<T> r) {
        return statement(t, ctx, writes(stmt), s -> s.list(stmt, b, r));
    }

    int update(BoundTenant t, ErrorContext ctx, Stmt stmt, Session.Binder b) {
        return statement(t, ctx, true, s -> s.update(stmt, b));
    }

    long count(BoundTenant t, ErrorContext ctx, Stmt stmt, Session.Binder b) {
        return statement(t, ctx, false, s -> s.count(stmt, b));
    }

    /** @return whether a statement may change data: anything but a plain SELECT (INSERT ... RETURNING reads too) */
    static boolean writes(Stmt stmt) {
        String sql = stmt.sql().stripLeading();
        return !sql.regionMatches(true, 0, "SELECT", 0, 6);
    }

    /**
     * Runs one statement in auto-commit. A statement that lost to contention (deadlock victim,
     * lock wait timeout) was rolled back whole and changed nothing, so it runs again, up to
     * {@link #CONTENTION_ATTEMPTS} times.
     */
    private <T> T statement(BoundTenant tenant, ErrorContext ctx, boolean write, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return runAutoCommit(tenant, work);
            } catch (SQLException e) {
                if (attempt < CONTENTION_ATTEMPTS && dialect.classify(e).kind() == SqlFailure.Kind.CONTENTION) {
                    continue;
                }
                throw write ? translateWrite(e, ctx) : translate(e, ctx);
            } catch (StoreException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new StoreException(ErrorCode.INTERNAL, ctx.operation() + " failed on " + source, e);
            }
        }
    }

    /**
     * Runs {@code work} in auto-commit: each statement commits by itself. Not retried: statements
     * before the failing one have committed, and running them again may not be harmless.
     */
    <T> T autoCommit(BoundTenant tenant, ErrorContext ctx, Work<T> work) {
        try {
            return runAutoCommit(tenant, work);
        } catch (SQLException e) {
            throw translateWrite(e, ctx);
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException(ErrorCode.INTERNAL, ctx.operation() + " failed on " + source, e);
        }
    }

    private <T> T runAutoCommit(BoundTenant tenant, Work<T> work) throws SQLException {
        try (Connection c = connect()) {
            Session s = new Session(c, dialect, tenant, false, rowSecurity, tenants);
            try {
                return work.run(s);
            } catch (SQLException | RuntimeException e) {
                s.failed();
                throw e;
            }
        }
    }

    /**
     * Runs {@code work} in one transaction, committed when it returns normally and rolled back
     * when it throws. A deadlock or serialization failure re-runs it, up to
     * {@link #CONTENTION_ATTEMPTS} times.
     */
    <T> T transaction(BoundTenant tenant, ErrorContext ctx, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = connect()) {
                Session s = new Session(c, dialect, tenant, true, rowSecurity, tenants);
                try {
                    c.setAutoCommit(false);
                    T result = work.run(s);
                    try {
                        c.commit();
                        s.committed();
                    } catch (SQLException e) {
                        if (dialect.classify(e).kind() == SqlFailure.Kind.CONNECTION_FAILURE) {
                            // the commit may have reached the server before the connection broke
                            throw outcomeUnknown(e, ctx);
                        }
                        throw e;
                    }
                    return result;
                } catch (SQLException | RuntimeException e) {
                    s.failed();
                    rollbackQuietly(c, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt < CONTENTION_ATTEMPTS && dialect.classify(e).kind() == SqlFailure.Kind.CONTENTION) {
                    continue;
                }
                throw translate(e, ctx);
            } catch (StoreException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new StoreException(ErrorCode.INTERNAL, ctx.operation() + " failed on " + source, e);
            }
        }
    }

    private static void rollbackQuietly(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * @return a pooled connection
     * @throws UnavailableException CLOSED, DATABASE_DOWN when the pool could not connect, or
     *                              POOL_EXHAUSTED when every connection stayed busy
     */
    Connection connect() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            StoreException credential = credentialFailure(e);
            throw credential != null ? credential : unavailable(e);
        }
    }

    /**
     * @return a CredentialException when the checkout failed because of the login: the server
     *         refused it (after one refresh, for short-lived credentials) or no credential could be
     *         minted; {@code null} otherwise
     */
    @Nullable StoreException credentialFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.tenantstore.CredentialException ce) {
                return new io.tenantstore.CredentialException("no connection to " + source + ": " + ce.getMessage(), e);
            }
        }
        if (Logins.refused(e)) {
            return new io.tenantstore.CredentialException("no connection to " + source
                    + ": the database refused the login (wrong, expired or revoked credential)", e);
        }
        return null;
    }

    UnavailableException unavailable(SQLException e) {
        if (poolState.closed()) {
            if (poolState.evicted()) {
                // dropped by the store (failed health check, idle): the next call rebinds to a new pool
                return new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                        "the connection pool for " + source + " was replaced; call again", e);
            }
            return new UnavailableException(UnavailableException.Reason.CLOSED,
                    "the connection pool for " + source + " is closed: the store was closed", e);
        }
        // HikariCP's timeout carries the last connection failure as its cause when it could not
        // connect; without a cause every connection was simply busy.
        boolean down = e.getCause() != null || dialect.classify(e).kind() == SqlFailure.Kind.CONNECTION_FAILURE;
        return down
                ? new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                        "database " + source + " is unreachable", e)
                : new UnavailableException(UnavailableException.Reason.POOL_EXHAUSTED,
                        "no connection to " + source + " became free in time", e);
    }

    /**
     * The driver's exception without its message: servers quote the offending values in key and
     * data errors ({@code Key (tenant_id, token_hash)=(..., <hash>)}, {@code Duplicate entry '...'}),
     * and a token or code hash must not reach a log through a cause. SQLState, vendor code and stack
     * trace stay.
     */
    static SQLException withheld(SQLException e) {
        SQLException clean = new SQLException(e.getClass().getSimpleName() + " (SQLState " + e.getSQLState()
                + ", vendor code " + e.getErrorCode() + "; server message withheld: it may quote the values)",
                e.getSQLState(), e.getErrorCode());
        clean.setStackTrace(e.getStackTrace());
        return clean;
    }

    private UnavailableException outcomeUnknown(SQLException e, ErrorContext ctx) {
        poolState.connectionLost(e);
        return new UnavailableException(UnavailableException.Reason.OUTCOME_UNKNOWN, ctx.operation()
                + ": lost the connection to " + source + " while the write was being committed; it may or may"
                + " not have taken effect (read back before retrying)", e);
    }

    /** @return as {@link #translate}, but a lost connection after a write was sent is OUTCOME_UNKNOWN */
    StoreException translateWrite(SQLException e, ErrorContext ctx) {
        if (dialect.classify(e).kind() == SqlFailure.Kind.CONNECTION_FAILURE) {
            // auto-commit: the statement may have committed before the connection broke
            return outcomeUnknown(e, ctx);
        }
        return translate(e, ctx);
    }

    /** @return the TenantStore error for a driver exception met while doing {@code ctx} */
    StoreException translate(SQLException e, ErrorContext ctx) {
        SqlFailure f = dialect.classify(e);
        if (f.kind() == SqlFailure.Kind.CONNECTION_FAILURE) {
            poolState.connectionLost(e);
        }
        return switch (f.kind()) {
            case UNIQUE_VIOLATION -> ctx.conflict(f, withheld(e));
            case FOREIGN_KEY_VIOLATION -> ctx.missingReference(f, withheld(e));
            case INVALID_DATA -> new InvalidInputException(ctx.operation() + " failed: the database rejected a value"
                    + " (SQLState " + e.getSQLState() + ")", withheld(e));
            case CONNECTION_FAILURE -> new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    ctx.operation() + " failed: lost the connection to " + source, e);
            case CONTENTION -> new UnavailableException(UnavailableException.Reason.CONTENTION,
                    ctx.operation() + " failed: lock contention on " + source + " (deadlock, serialization"
                            + " failure or lock wait timeout; retried where safe, at most " + CONTENTION_ATTEMPTS
                            + " attempts)", e);
            case OTHER -> new StoreException(ErrorCode.INTERNAL, ctx.operation() + " failed on " + source
                    + " (SQLState " + e.getSQLState() + ")", e);
        };
    }
}

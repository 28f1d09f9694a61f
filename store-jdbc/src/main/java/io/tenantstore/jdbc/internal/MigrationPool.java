package io.tenantstore.jdbc.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.tenantstore.UnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * The connections Flyway runs on, apart from the traffic pool. Flyway holds two connections per
 * run on PostgreSQL (one for its lock and history, one for the migrations), changes their session
 * state while it works (the search path, advisory locks) and holds them for the whole run; taking
 * them from the traffic pool could starve or deadlock it (a pool of one could never migrate) and
 * would hand tenants connections a migration had touched. This small pool is opened on the first
 * migration, keeps no idle connection (they close after {@link #IDLE_TIMEOUT_MS}) and is sized for
 * the connection's concurrent migrations. Thread-safe.
 */
final class MigrationPool implements DataSource, AutoCloseable {
    /** Connections Flyway holds during one run. */
    static final int CONNECTIONS_PER_RUN = 2;
    /** Idle migration connections close after this long. Default: 10 s (HikariCP's minimum). */
    static final long IDLE_TIMEOUT_MS = 10_000;

    private final HikariConfig template;
    private final int maxSize;
    private final String source;
    private @Nullable HikariDataSource pool;
    private boolean closed;

    /**
     * @param template the traffic pool's configuration (URL, login, driver properties)
     * @param maxSize  the most connections
     * @param source   the data source, for messages
     */
    MigrationPool(HikariConfig template, int maxSize, String source) {
        this.template = template;
        this.maxSize = maxSize;
        this.source = source;
    }

    private synchronized HikariDataSource pool() {
        if (closed) {
            throw new UnavailableException(UnavailableException.Reason.CLOSED,
                    "the connection to " + source + " is closed", null);
        }
        if (pool == null) {
            HikariConfig hc = new HikariConfig();
            template.copyStateTo(hc);
            hc.setPoolName(template.getPoolName() + "-migrations");
            hc.setMaximumPoolSize(maxSize);
            hc.setMinimumIdle(0);
            hc.setIdleTimeout(IDLE_TIMEOUT_MS);
            try {
                pool = new HikariDataSource(hc);
            } catch (HikariPool.PoolInitializationException e) {
                throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                        "cannot connect to " + source + " to migrate", e.getCause() != null ? e.getCause() : e);
            }
        }
        return pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool's own credentials are used");
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public @Nullable PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // logging goes through SLF4J
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the pool's connection timeout applies
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}

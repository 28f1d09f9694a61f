package io.tenantstore.jdbc.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * The parts every data source of this package shares: it logs in with its own credentials (never a
 * caller's), logs through SLF4J rather than a log writer, and leaves timeouts to the driver or the
 * pool. The login timeout a pool sets is remembered only so the pool can read it back (HikariCP
 * waits that long for a connect in flight when it closes; answering 0 made it give up at once and
 * warn). Subclasses supply {@link #getConnection()}. Thread-safe.
 */
abstract class FixedLoginDataSource implements DataSource {
    private volatile int loginTimeoutSeconds;

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the data source's own credentials are used");
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
        // the driver's connect timeout or the pool's connection timeout applies to connects
        this.loginTimeoutSeconds = Math.max(0, seconds);
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("logging goes through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}

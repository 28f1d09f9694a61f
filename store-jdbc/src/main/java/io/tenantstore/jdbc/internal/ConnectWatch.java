package io.tenantstore.jdbc.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * The pool's physical connections, watched: a connect attempt that fails because the server is
 * unreachable is reported at once (the pool's breaker opens) rather than when a caller's wait for
 * a connection times out. Thread-safe.
 */
final class ConnectWatch implements DataSource {
    private final DataSource delegate;
    private final java.util.concurrent.atomic.AtomicReference<java.util.function.Consumer<SQLException>> onFailure =
            new java.util.concurrent.atomic.AtomicReference<>(e -> { });

    /** @param delegate opens the physical connections */
    ConnectWatch(DataSource delegate) {
        this.delegate = delegate;
    }

    /** @param listener told of each failed connect attempt (not of refused logins) */
    void onFailure(java.util.function.Consumer<SQLException> listener) {
        onFailure.set(listener);
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            return delegate.getConnection();
        } catch (SQLException e) {
            if (!Logins.refused(e)) {
                onFailure.get().accept(e);
            }
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool's own credentials are used");
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
        // the driver's own connect timeout applies
    }

    @Override
    public int getLoginTimeout() {
        return 0;
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

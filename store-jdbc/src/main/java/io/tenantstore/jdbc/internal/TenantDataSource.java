package io.tenantstore.jdbc.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.tenantstore.jdbc.RowSecurity;
import org.jspecify.annotations.Nullable;

/**
 * The data source an application gets from {@code unwrap(DataSource.class)}: the tenant's pool,
 * without a way to close it or reach it. On a target with row-level security each connection it
 * hands out has the tenant set for its whole session, and cleared before the connection returns to
 * the pool (a connection whose clearing fails is evicted, never reused), so the application's own
 * queries see only this tenant's rows. Costs two extra round trips per connection checkout (set,
 * clear), independent of how many statements run on it. Thread-safe.
 */
final class TenantDataSource implements DataSource {
    private final HikariDataSource pool;
    private final @Nullable RowSecurity rowSecurity;
    private final String tenantId;

    /**
     * @param pool        the shared pool
     * @param rowSecurity the engine's row-level security, or {@code null} when the target has none
     * @param tenantId    the tenant's id as text
     */
    TenantDataSource(HikariDataSource pool, @Nullable RowSecurity rowSecurity, String tenantId) {
        this.pool = pool;
        this.rowSecurity = rowSecurity;
        this.tenantId = tenantId;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = pool.getConnection();
        if (rowSecurity == null) {
            return real;
        }
        try (PreparedStatement ps = real.prepareStatement(rowSecurity.sessionTenantSql())) {
            ps.setString(1, tenantId);
            ps.execute();
        } catch (SQLException | RuntimeException e) {
            pool.evictConnection(real);
            throw e;
        }
        RowSecurity rs = rowSecurity;
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        release(real, rs);
                        return null;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Clears the tenant, then returns the connection; evicts it when clearing fails. */
    private void release(Connection real, RowSecurity rs) throws SQLException {
        if (real.isClosed()) {
            return;
        }
        try {
            if (!real.getAutoCommit()) {
                // an unfinished transaction would make the clearing statement fail or join it
                real.rollback();
                real.setAutoCommit(true);
            }
            try (PreparedStatement ps = real.prepareStatement(rs.sessionResetSql())) {
                ps.execute();
            }
        } catch (SQLException | RuntimeException e) {
            pool.evictConnection(real);
            return;
        }
        real.close();
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

    /** The pool is not reachable through this data source: an application must not close it. */
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

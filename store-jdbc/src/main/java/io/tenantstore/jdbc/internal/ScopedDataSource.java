package io.tenantstore.jdbc.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.tenantstore.jdbc.DriverAccessRefusedException;
import io.tenantstore.jdbc.RowSecurity;
import io.tenantstore.jdbc.SqlDialect;
import org.jspecify.annotations.Nullable;

/**
 * The data source an application gets from {@code unwrap(DataSource.class)} (and the one under
 * {@code unwrap(Jdbi.class)}): the tenant's pool, scoped to the tenant as tightly as the engine
 * allows, without a way to close or reach the pool.
 *
 * <p>On checkout a connection gets the tenant's schema as the only place unqualified names resolve
 * ({@code schema} isolation) and, on a target with row-level security, the tenant's (signed)
 * setting. What it hands out is a wrapper: the driver's objects are never reachable through it
 * ({@code unwrap} of a non-{@code java.sql} type throws {@link DriverAccessRefusedException},
 * {@code getConnection()} of its statements and metadata returns the wrapper), and after
 * {@code close()} the wrapper and everything obtained from it refuse every call. On return the
 * engine removes every trace of the session (transaction, settings, role, temporary objects,
 * prepared statements, locks; see {@link SqlDialect#resetSession}); a connection that cannot be
 * reset is evicted from the pool, never reused. This costs a few round trips per checkout and
 * return, paid only by connections taken here: the repositories use the pool directly.
 *
 * <p>Thread-safe.
 */
final class ScopedDataSource extends FixedLoginDataSource {
    private final HikariDataSource pool;
    private final SqlDialect dialect;
    private final @Nullable RowSecurity rowSecurity;
    private final boolean guarded;
    private final String rowSecurityValue;
    private final SessionTenants tenants;
    private final @Nullable String schema;
    private final @Nullable String defaultCatalog;

    /**
     * @param pool             the shared pool
     * @param dialect          the engine
     * @param rowSecurity      the engine's row-level security, or {@code null} when it has none
     * @param guarded          whether the target enforces it: the connection gets the tenant's
     *                         setting; otherwise (engine with row-level security) a cleared one, since
     *                         the pool's connections keep the setting of the repository call that used
     *                         them last
     * @param rowSecurityValue the tenant's row-level security setting
     * @param schema           the tenant's schema ({@code schema} isolation), or {@code null}
     * @param defaultCatalog   the pool's default database, restored on return (MySQL), or {@code null}
     * @param tenants          the settings the pool's connections carry: a connection handed out here
     *                         is forgotten there
     */
    ScopedDataSource(HikariDataSource pool, SqlDialect dialect, @Nullable RowSecurity rowSecurity, boolean guarded,
                     String rowSecurityValue, @Nullable String schema, @Nullable String defaultCatalog,
                     SessionTenants tenants) {
        this.pool = pool;
        this.dialect = dialect;
        this.rowSecurity = rowSecurity;
        this.guarded = guarded;
        this.tenants = tenants;
        this.rowSecurityValue = rowSecurityValue;
        this.schema = schema;
        this.defaultCatalog = defaultCatalog;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = pool.getConnection();
        try {
            // the application may change anything in the session from here on
            tenants.forget(SessionTenants.physical(real));
            if (schema != null) {
                dialect.enterSchema(real, schema);
            }
            if (rowSecurity != null && guarded) {
                try (PreparedStatement ps = real.prepareStatement(rowSecurity.sessionTenantSql())) {
                    ps.setString(1, rowSecurityValue);
                    ps.execute();
                }
            } else if (rowSecurity != null) {
                // the last repository call may have left another tenant's setting on the connection
                try (PreparedStatement ps = real.prepareStatement(rowSecurity.sessionResetSql())) {
                    ps.execute();
                }
            }
        } catch (SQLException | RuntimeException e) {
            pool.evictConnection(real);
            throw e;
        }
        Guard guard = new Guard(real, new AtomicBoolean(), this, true);
        Connection wrapper = (Connection) proxy(real, guard);
        guard.connection = wrapper;
        return wrapper;
    }

    /** Resets the session, then returns the connection; evicts it when the reset fails or is not possible. */
    void release(Connection real) {
        try {
            if (real.isClosed()) {
                return;
            }
            if (!dialect.resetSession(real, defaultCatalog)) {
                pool.evictConnection(real);
                return;
            }
        } catch (SQLException | RuntimeException e) {
            pool.evictConnection(real);
            return;
        }
        try {
            real.close();
        } catch (SQLException e) {
            pool.evictConnection(real);
        }
    }

    /** Wraps a JDBC object in a proxy of every {@code java.sql} interface it implements. */
    private static Object proxy(Object real, Guard handler) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = real.getClass(); c != null; c = c.getSuperclass()) {
            collect(c, interfaces);
        }
        return Proxy.newProxyInstance(ScopedDataSource.class.getClassLoader(), interfaces.toArray(Class<?>[]::new),
                handler);
    }

    private static void collect(Class<?> type, Set<Class<?>> out) {
        for (Class<?> i : type.getInterfaces()) {
            if (i.getName().startsWith("java.sql.")) {
                out.add(i);
            }
            collect(i, out);
        }
    }

    private static boolean isStandard(Class<?> type) {
        String n = type.getName();
        return n.startsWith("java.sql.") || n.startsWith("javax.sql.") || type == AutoCloseable.class;
    }

    /**
     * The invocation handler of a connection wrapper and of the statements, result sets and
     * metadata obtained from it. They share one closed flag. Confined like the JDBC objects it wraps.
     */
    static final class Guard implements InvocationHandler {
        final Object real;
        final AtomicBoolean closed;
        final ScopedDataSource owner;
        final boolean isConnection;
        /** The connection wrapper, what {@code getConnection()} of statements and metadata returns. */
        @Nullable Connection connection;

        Guard(Object real, AtomicBoolean closed, ScopedDataSource owner, boolean isConnection) {
            this.real = real;
            this.closed = closed;
            this.owner = owner;
            this.isConnection = isConnection;
        }

        @Override
        public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
            String name = method.getName();
            int arity = method.getParameterCount();
            if (method.getDeclaringClass() == Object.class) {
                return switch (name) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> getClass().getSimpleName() + "[" + real.getClass().getSimpleName() + "]";
                };
            }
            if (name.equals("isClosed") && arity == 0) {
                return closed.get() || (Boolean) method.invoke(real);
            }
            if (name.equals("close") && arity == 0) {
                if (isConnection) {
                    if (closed.compareAndSet(false, true)) {
                        owner.release((Connection) real);
                    }
                    return null;
                }
                if (closed.get()) {
                    return null;
                }
            } else if (closed.get()) {
                throw new SQLException("this connection was returned to the pool; it and its statements are unusable",
                        "08003");
            }
            if (name.equals("unwrap") && arity == 1) {
                Class<?> type = (Class<?>) args[0];
                if (isStandard(type) && type.isInstance(proxy)) {
                    return proxy;
                }
                throw new DriverAccessRefusedException(type);
            }
            if (name.equals("isWrapperFor") && arity == 1) {
                Class<?> type = (Class<?>) args[0];
                return isStandard(type) && type.isInstance(proxy);
            }
            if (name.equals("getConnection") && arity == 0 && !isConnection) {
                return connection;
            }
            if (name.equals("abort") && isConnection) {
                // aborting would hand a live session back without a reset: evict it instead
                if (closed.compareAndSet(false, true)) {
                    owner.pool.evictConnection((Connection) real);
                }
                return null;
            }
            Object result;
            try {
                result = method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result == null) {
                return null;
            }
            Class<?> rt = method.getReturnType();
            if (rt == Statement.class || rt == PreparedStatement.class || rt == java.sql.CallableStatement.class
                    || rt == ResultSet.class || rt == DatabaseMetaData.class) {
                Guard child = new Guard(result, closed, owner, false);
                child.connection = connection;
                return proxy(result, child);
            }
            return result;
        }
    }

    /** The pool is not reachable through this data source: an application must not close it. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this) && isStandard(iface)) {
            return iface.cast(this);
        }
        throw new DriverAccessRefusedException(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) && isStandard(iface);
    }
}

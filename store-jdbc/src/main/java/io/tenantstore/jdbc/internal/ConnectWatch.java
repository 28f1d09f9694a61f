package io.tenantstore.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;


/**
 * The pool's physical connections, watched: a connect attempt that fails because the server is
 * unreachable is reported at once (the pool's breaker opens) rather than when a caller's wait for
 * a connection times out. Thread-safe.
 */
final class ConnectWatch extends FixedLoginDataSource {
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
}

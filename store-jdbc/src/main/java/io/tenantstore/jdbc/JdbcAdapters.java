package io.tenantstore.jdbc;

import io.tenantstore.jdbc.internal.JdbcConnection;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;

/**
 * Opens the JDBC layer for an SQL adapter: {@code StoreAdapter.connect} of tenantstore-postgres
 * and tenantstore-mysql is one call to {@link #connect(AdapterConfig, SqlDialect)}. Thread-safe
 * (stateless).
 */
public final class JdbcAdapters {
    private JdbcAdapters() {
    }

    /**
     * Opens one HikariCP pool for the configured data source. Migrations run later, once per
     * target, in {@link AdapterConnection#bind}.
     *
     * @param config  the data source and the store's clock, executor, password hasher and the
     *                application's migration locations
     * @param dialect the engine's dialect
     * @return the open connection; close it to close the pool
     * @throws io.tenantstore.UnavailableException when the database cannot be reached
     */
    public static AdapterConnection connect(AdapterConfig config, SqlDialect dialect) {
        return JdbcConnection.open(config, dialect);
    }

    /**
     * Opens the control plane kept in a global database on this engine: a small pool, the
     * control-plane tables migrated from {@link SqlDialect#controlPlaneMigrationLocation()}.
     * {@code StoreAdapter.openControlPlaneStore} of the SQL adapters is this one call.
     *
     * @param config  the global database and the store's services
     * @param dialect the engine's dialect
     * @return the open store; close it to close its pool
     * @throws io.tenantstore.UnavailableException when the database cannot be reached
     * @throws io.tenantstore.MigrationException   when the tables cannot be migrated
     */
    public static io.tenantstore.spi.ControlPlaneStore openControlPlaneStore(AdapterConfig config, SqlDialect dialect) {
        return io.tenantstore.jdbc.internal.JdbcControlPlaneStore.open(config, dialect);
    }
}

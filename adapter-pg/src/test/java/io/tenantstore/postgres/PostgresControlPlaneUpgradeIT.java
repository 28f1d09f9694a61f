package io.tenantstore.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.tenantstore.DbConfig;
import io.tenantstore.testkit.conformance.SqlControlPlaneUpgradeSuite;
import org.junit.jupiter.api.AfterEach;

/** Signing keys on a PostgreSQL control plane created before they existed (control-plane V2), and without a keys row. */
class PostgresControlPlaneUpgradeIT extends SqlControlPlaneUpgradeSuite {
    private final List<String> databases = new ArrayList<>();

    @AfterEach
    void dropDatabases() {
        databases.forEach(PgTestSupport::dropDatabase);
    }

    @Override
    protected String newDatabase(String prefix) {
        try {
            String name = PgTestSupport.createDatabase("pg_" + prefix, null);
            databases.add(name);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected DbConfig globalDb(String database) {
        return PostgresControlPlaneConformanceIT.globalDb(database);
    }

    @Override
    protected Connection rawConnection(String database) throws SQLException {
        return PgTestSupport.admin(database);
    }

    @Override
    protected String controlPlaneLocation() {
        return "classpath:db/tenantstore-control/postgresql";
    }
}

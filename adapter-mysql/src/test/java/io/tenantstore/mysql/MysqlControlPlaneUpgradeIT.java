package io.tenantstore.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.testkit.conformance.SqlControlPlaneUpgradeSuite;
import org.junit.jupiter.api.AfterEach;

/** Signing keys on a MySQL/MariaDB control plane created before they existed (control-plane V2), and without a keys row. */
class MysqlControlPlaneUpgradeIT extends SqlControlPlaneUpgradeSuite {
    private final List<String> databases = new ArrayList<>();

    @AfterEach
    void dropDatabases() {
        MysqlTestSupport.dropDatabases(databases.toArray(String[]::new));
    }

    @Override
    protected String newDatabase(String prefix) {
        String name = MysqlTestSupport.createDatabase("my_" + prefix);
        databases.add(name);
        return name;
    }

    @Override
    protected DbConfig globalDb(String database) {
        return MysqlTestSupport.config(database, Isolation.DATABASE, false).build();
    }

    @Override
    protected Connection rawConnection(String database) throws SQLException {
        return MysqlTestSupport.open(database);
    }

    @Override
    protected String controlPlaneLocation() {
        return "classpath:db/tenantstore-control/mysql";
    }
}

package io.tenantstore.mysql;

import java.sql.Connection;
import java.sql.SQLException;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.testkit.conformance.SqlControlPlaneConformanceSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The control-plane conformance suite on a MySQL / MariaDB global database (no files). */
class MysqlControlPlaneConformanceIT extends SqlControlPlaneConformanceSuite {
    private static String database;

    @BeforeAll
    static void createDatabase() {
        database = MysqlTestSupport.createDatabase("my_cp_conf");
    }

    @AfterAll
    static void dropDatabase() {
        MysqlTestSupport.dropDatabases(database);
    }

    @Override
    protected DbConfig globalDb() {
        return MysqlTestSupport.config(database, Isolation.DATABASE, false).build();
    }

    @Override
    protected Connection rawConnection() throws SQLException {
        return MysqlTestSupport.open(database);
    }
}

package io.tenantstore.mysql;

import java.sql.SQLException;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.testkit.conformance.MultiProcessControlPlaneSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Three instances in separate JVMs sharing a control plane in MySQL / MariaDB (change-log poll). */
class MysqlMultiProcessIT extends MultiProcessControlPlaneSuite {
    private static String database;

    @BeforeAll
    static void createDatabase() {
        database = MysqlTestSupport.createDatabase("my_cp_multi");
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
    protected long[] storedVersionAndChanges(String slug) {
        try {
            return sqlVersionAndChanges(MysqlTestSupport.open(database), slug);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.tenantstore.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
        try (Connection c = MysqlTestSupport.open(database);
             PreparedStatement ps = c.prepareStatement("SELECT version, (SELECT count(*) FROM ts_cp_changes"
                     + " WHERE slug = ?) FROM ts_cp_tenants WHERE slug = ?")) {
            ps.setString(1, slug);
            ps.setString(2, slug);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no row for " + slug);
                }
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.tenantstore.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.tenantstore.DbConfig;
import io.tenantstore.testkit.conformance.MultiProcessControlPlaneSuite;
import org.junit.jupiter.api.BeforeAll;

/** Three instances in separate JVMs sharing a control plane in PostgreSQL (LISTEN/NOTIFY and the poll). */
class PostgresMultiProcessIT extends MultiProcessControlPlaneSuite {
    private static String database;

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = PgTestSupport.createDatabase("pg_cp_multi", null);
    }

    @Override
    protected DbConfig globalDb() {
        return PostgresControlPlaneConformanceIT.globalDb(database);
    }

    @Override
    protected long[] storedVersionAndChanges(String slug) {
        try (Connection c = PgTestSupport.admin(database);
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

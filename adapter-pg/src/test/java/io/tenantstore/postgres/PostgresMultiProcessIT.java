package io.tenantstore.postgres;

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
        try {
            return sqlVersionAndChanges(PgTestSupport.admin(database), slug);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.tenantstore.postgres;

import java.sql.Connection;
import java.sql.SQLException;

import io.tenantstore.DbConfig;
import io.tenantstore.Secret;
import io.tenantstore.testkit.conformance.SqlControlPlaneConformanceSuite;
import org.junit.jupiter.api.BeforeAll;

/** The control-plane conformance suite on a PostgreSQL global database (no files). */
class PostgresControlPlaneConformanceIT extends SqlControlPlaneConformanceSuite {
    private static String database;

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = PgTestSupport.createDatabase("pg_cp_conf", null);
    }

    static DbConfig globalDb(String database) {
        String pw = PgTestSupport.adminPassword();
        return DbConfig.builder("postgres", PgTestSupport.urlOf(database)).username(PgTestSupport.adminUser())
                .password(pw.isEmpty() ? null : Secret.of(pw)).build();
    }

    @Override
    protected DbConfig globalDb() {
        return globalDb(database);
    }

    @Override
    protected Connection rawConnection() throws SQLException {
        return PgTestSupport.admin(database);
    }
}

package io.tenantstore.postgres;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.testkit.conformance.AdapterConformanceSuite;

/**
 * The conformance suite with {@code shared} isolation, connected as an ordinary role (no
 * superuser, no BYPASSRLS) that owns a fresh database: row-level security is enforced on every
 * statement the suite runs, so a repository statement that did not set the tenant would see no
 * rows and fail the suite.
 */
class PostgresSharedIsolationIT extends AdapterConformanceSuite {
    private final String database;

    PostgresSharedIsolationIT() throws Exception {
        PgTestSupport.ensureAppRole();
        database = PgTestSupport.createDatabase("pg_it_shared", PgTestSupport.APP_ROLE);
    }

    @Override
    protected StoreAdapter adapter() {
        return new PostgresAdapter();
    }

    @Override
    protected DbConfig dbConfig() {
        return PgTestSupport.appConfig(database, Isolation.SHARED).build();
    }

    @Override
    protected Isolation isolation() {
        return Isolation.SHARED;
    }

    @Override
    protected void afterSuite() {
        PgTestSupport.dropDatabase(database);
    }
}

package io.tenantstore.postgres;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.testkit.conformance.AdapterConformanceSuite;

/** The conformance suite with {@code database} isolation: both tenants in one fresh database. */
class PostgresDatabaseIsolationIT extends AdapterConformanceSuite {
    private final String database;

    PostgresDatabaseIsolationIT() throws Exception {
        database = PgTestSupport.createDatabase("pg_it_db", null);
    }

    @Override
    protected StoreAdapter adapter() {
        return new PostgresAdapter();
    }

    @Override
    protected DbConfig dbConfig() {
        return PgTestSupport.config(database, Isolation.DATABASE).build();
    }

    @Override
    protected Isolation isolation() {
        return Isolation.DATABASE;
    }

    @Override
    protected void afterSuite() {
        PgTestSupport.dropDatabase(database);
    }
}

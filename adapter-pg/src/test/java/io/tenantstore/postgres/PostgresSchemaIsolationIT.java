package io.tenantstore.postgres;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.testkit.conformance.AdapterConformanceSuite;

/** The conformance suite with {@code schema} isolation: two schemas in one fresh database, one pool. */
class PostgresSchemaIsolationIT extends AdapterConformanceSuite {
    private final String database;

    PostgresSchemaIsolationIT() throws Exception {
        database = PgTestSupport.createDatabase("pg_it_schema", null);
    }

    @Override
    protected StoreAdapter adapter() {
        return new PostgresAdapter();
    }

    @Override
    protected DbConfig dbConfig() {
        return PgTestSupport.config(database, Isolation.SCHEMA).build();
    }

    @Override
    protected Isolation isolation() {
        return Isolation.SCHEMA;
    }

    @Override
    protected void afterSuite() {
        PgTestSupport.dropDatabase(database);
    }
}

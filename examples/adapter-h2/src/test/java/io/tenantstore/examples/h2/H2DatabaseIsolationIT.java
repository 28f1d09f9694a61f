package io.tenantstore.examples.h2;

import java.util.UUID;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.testkit.conformance.AdapterConformanceSuite;

/** The conformance suite with {@code database} isolation, on an in-memory H2 database of its own. */
class H2DatabaseIsolationIT extends AdapterConformanceSuite {
    private final String url = "jdbc:h2:mem:ts_database_" + UUID.randomUUID().toString().replace("-", "")
            + ";DB_CLOSE_DELAY=-1";

    @Override
    protected StoreAdapter adapter() {
        return new H2Adapter();
    }

    @Override
    protected DbConfig dbConfig() {
        return DbConfig.builder(H2Adapter.NAME, url).isolation(Isolation.DATABASE).username("sa").build();
    }

    @Override
    protected Isolation isolation() {
        return Isolation.DATABASE;
    }
}

package io.tenantstore.mongodb.internal;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.mongodb.MongoStoreAdapter;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.testkit.conformance.AdapterConformanceSuite;

/** The conformance suite with {@code shared} isolation: both tenants in one fresh database. */
class MongoSharedIsolationIT extends AdapterConformanceSuite {
    private final String database = MongoTestServer.uniqueDatabase();

    @Override
    protected StoreAdapter adapter() {
        return new MongoStoreAdapter();
    }

    @Override
    protected DbConfig dbConfig() {
        return MongoTestServer.get().config(database, Isolation.SHARED);
    }

    @Override
    protected Isolation isolation() {
        return Isolation.SHARED;
    }

    @Override
    protected void afterSuite() {
        try (MongoClient client = MongoClients.create(ClientSetup.of(dbConfig(), null).settings())) {
            client.getDatabase(database).drop();
        }
    }

    @Override
    protected java.util.List<String> storedTotpSecrets(io.tenantstore.spi.TenantScope scope,
                                                       io.tenantstore.spi.TenantRepositories repos) {
        return MongoTestServer.storedTotpSecrets(repos);
    }
}

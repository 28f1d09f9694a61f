package io.tenantstore.mongodb.internal;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.mongodb.MongoStoreAdapter;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.conformance.AdapterConformanceSuite;

/**
 * The conformance suite with {@code database} isolation: the URL names no database, so each
 * tenant gets its own {@code t_<slug>} database on one client.
 */
class MongoDatabaseIsolationIT extends AdapterConformanceSuite {
    private final List<String> slugs = new ArrayList<>();

    @Override
    protected StoreAdapter adapter() {
        return new MongoStoreAdapter();
    }

    @Override
    protected DbConfig dbConfig() {
        return MongoTestServer.get().config(null, Isolation.DATABASE);
    }

    @Override
    protected Isolation isolation() {
        return Isolation.DATABASE;
    }

    @Override
    protected TenantScope scopeFor(String tenantId, String which) {
        TenantScope scope = super.scopeFor(tenantId, which);
        slugs.add(scope.slug());
        // the suite also binds "<slug of A>-x" to show a third tenant sees nothing
        slugs.add(scope.slug() + "-x");
        return scope;
    }

    @Override
    protected void afterSuite() {
        DbConfig config = dbConfig();
        try (MongoClient client = MongoClients.create(ClientSetup.of(config, null).settings())) {
            for (String slug : slugs) {
                client.getDatabase(DatabaseNames.forTenant(slug)).drop();
            }
        }
    }

    @Override
    protected java.util.List<String> storedTotpSecrets(io.tenantstore.spi.TenantScope scope,
                                                       io.tenantstore.spi.TenantRepositories repos) {
        return MongoTestServer.storedTotpSecrets(repos);
    }
}

package io.tenantstore.mongodb.internal;

import java.util.LinkedHashSet;
import java.util.Set;

import com.mongodb.client.MongoDatabase;
import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;

/**
 * One test's MongoDB data source with a fake clock and hasher: binds tenants in the chosen
 * isolation and, on close, drops every database it used and closes the connection. Shared
 * isolation gets a database of its own per test, database isolation a fresh slug per tenant, so
 * tests never see each other's documents. Not thread-safe for binding; the repositories are.
 */
final class TestTenants implements AutoCloseable {
    final FakeClock clock = new FakeClock(java.time.Instant.parse("2026-03-01T10:00:00.123456789Z"));
    final FakePasswordHasher hasher = new FakePasswordHasher();
    final Isolation isolation;
    final DbConfig config;
    final MongoConnection connection;
    private final Set<String> databases = new LinkedHashSet<>();

    TestTenants(Isolation isolation) {
        this.isolation = isolation;
        String shared = isolation == Isolation.SHARED ? MongoTestServer.uniqueDatabase() : null;
        this.config = MongoTestServer.get().config(shared, isolation);
        this.connection = MongoConnection.open(MongoTestServer.adapterConfig(config, clock, hasher));
    }

    /** @param slugPrefix readable part of the slug @return a new tenant's repositories */
    TenantRepositories bind(String slugPrefix) {
        return bind(MongoTestServer.scope(MongoTestServer.uniqueSlug(slugPrefix), isolation));
    }

    /** @param scope the tenant @return its repositories */
    TenantRepositories bind(TenantScope scope) {
        TenantRepositories repos = connection.bind(scope);
        databases.add(repos.unwrap(MongoDatabase.class).orElseThrow().getName());
        return repos;
    }

    /** A user id no tenant has. */
    static final String UNKNOWN_USER = "00000000-0000-4000-8000-000000000000";

    /** @param repos a tenant @return the id of a new user of it */
    static String newUser(TenantRepositories repos) {
        return repos.users().create(io.tenantstore.model.NewUser.of(
                "u-" + java.util.UUID.randomUUID() + "@example.com", null)).id();
    }

    @Override
    public void close() {
        try {
            for (String db : databases) {
                connection.client().getDatabase(db).drop();
            }
        } finally {
            connection.close();
        }
    }
}

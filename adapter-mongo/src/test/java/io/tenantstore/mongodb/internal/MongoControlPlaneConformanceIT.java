package io.tenantstore.mongodb.internal;

import java.time.Clock;
import java.util.Optional;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.testkit.conformance.ControlPlaneConformanceSuite;
import io.tenantstore.testkit.conformance.FakePasswordHasher;

/** The control-plane conformance suite on a MongoDB global database (no files). */
class MongoControlPlaneConformanceIT extends ControlPlaneConformanceSuite {
    private static final String DATABASE = MongoTestServer.uniqueDatabase();
    private static final Keyring KEYRING = Keyring.generate();

    private static DbConfig globalDb() {
        return MongoTestServer.get().config(DATABASE, Isolation.DATABASE);
    }

    @Override
    protected DataAccessLayer open(boolean writer, Clock clock) {
        return TenantStore.builder().clock(clock).globalDb(globalDb()).controlPlaneSource(ControlPlaneSource.DATABASE)
                .controlPlaneWriter(writer).secrets(KEYRING).passwordHasher(new FakePasswordHasher())
                .noBackgroundMaintenance().build();
    }

    @Override
    protected Optional<String> storedTenantText(String slug) {
        try (MongoControlPlaneStore store = MongoControlPlaneStore.open(MongoTestServer.adapterConfig(globalDb(),
                Clock.systemUTC(), new FakePasswordHasher()))) {
            return store.read(slug).map(d -> d.tenant().text());
        }
    }

    @Override
    protected Optional<String> storedAdminsText() {
        try (MongoControlPlaneStore store = MongoControlPlaneStore.open(MongoTestServer.adapterConfig(globalDb(),
                Clock.systemUTC(), new FakePasswordHasher()))) {
            String text = store.admins().text();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        }
    }

    @Override
    protected Optional<String> storedSigningKeysText(String slug) {
        try (MongoControlPlaneStore store = MongoControlPlaneStore.open(MongoTestServer.adapterConfig(globalDb(),
                Clock.systemUTC(), new FakePasswordHasher()))) {
            // the whole stored tenant document, every field of it
            return store.rawTenantDocument(slug);
        }
    }

    @Override
    protected Keyring keyring() {
        return KEYRING;
    }
}

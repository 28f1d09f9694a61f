package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.tenantstore.ConflictException;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.Secret;
import io.tenantstore.model.NewRefreshToken;
import io.tenantstore.model.NewRole;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import io.tenantstore.mongodb.MongoStoreAdapter;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Purging a tenant on MongoDB, checked with a client of its own: the database derived for a
 * {@code database} tenant is dropped; in a shared database no document with the tenant's id is
 * left while the other tenant's stay; a derived database left by a kept tenant is refused to a new
 * tenant taking the slug.
 */
class MongoTenantPurgeIT {
    private final List<String> databases = new ArrayList<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private AdapterConnection connect(DbConfig db) {
        return new MongoStoreAdapter().connect(MongoTestServer.adapterConfig(db, new FakeClock(java.time.Instant.parse("2030-01-01T00:00:00Z")),
                new FakePasswordHasher()));
    }

    private MongoClient client() {
        return MongoClients.create(ClientSetup.of(MongoTestServer.get().config(null, Isolation.SHARED), null).settings());
    }

    private static void fill(TenantRepositories t, int extraUsers) {
        User u = t.users().create(NewUser.of("ana@example.com", "hash"));
        t.mfa().upsertTotp(u.id(), Secret.of("JBSWY3DPEHPK3PXP"));
        t.mfa().setRecoveryCodes(u.id(), List.of("code-hash-1"));
        t.mfa().addTrustedDevice(u.id(), "device-hash", Duration.ofDays(1));
        t.tokens().create(new NewRefreshToken("token-hash", u.id(), "web", List.of("openid"), Duration.ofDays(1)));
        t.consents().upsert(u.id(), "web", Set.of("openid"));
        t.rbac().createRole(new NewRole("admin", "Admin", Set.of("write"), List.of(), false));
        t.rbac().assignRole(u.id(), "admin");
        t.oneTimeTokens().issue(io.tenantstore.model.NewOneTimeToken.forUser("ott-hash",
                io.tenantstore.model.OneTimeTokenPurpose.PASSWORD_RESET, u.id(), Duration.ofHours(1)));
        t.identities().link(u.id(), io.tenantstore.model.NewIdentity.of("google", "sub-1"));
        for (int i = 0; i < extraUsers; i++) {
            t.users().create(NewUser.of("user-" + i + "@example.com", null));
        }
    }

    @AfterEach
    void dropDatabases() {
        try (MongoClient c = client()) {
            databases.forEach(d -> c.getDatabase(d).drop());
        }
    }

    @Test
    void purgeDropsTheDatabaseDerivedForADatabaseTenant() {
        String slug = "purge-" + run;
        String name = DatabaseNames.forTenant(slug);
        databases.add(name);
        try (AdapterConnection conn = connect(MongoTestServer.get().config(null, Isolation.DATABASE))) {
            TenantScope scope = new TenantScope(UUID.randomUUID().toString(), slug, Isolation.DATABASE, null);
            fill(conn.bind(scope), 0);
            try (MongoClient c = client()) {
                assertThat(c.listDatabaseNames().into(new ArrayList<>())).contains(name);
            }

            assertThat(conn.purge(scope)).contains("dropped database " + name);

            try (MongoClient c = client()) {
                assertThat(c.listDatabaseNames().into(new ArrayList<>())).doesNotContain(name);
            }
            // the slug taken again by a new tenant: a fresh, empty database
            TenantRepositories again = conn.bind(new TenantScope(UUID.randomUUID().toString(), slug,
                    Isolation.DATABASE, null));
            assertThat(again.users().getByEmail("ana@example.com")).isEmpty();
        }
    }

    @Test
    void aDerivedDatabaseKeptFromADeletedTenantIsRefusedToANewTenantWithTheSlug() {
        String slug = "keep-" + run;
        databases.add(DatabaseNames.forTenant(slug));
        try (AdapterConnection conn = connect(MongoTestServer.get().config(null, Isolation.DATABASE))) {
            String oldId = UUID.randomUUID().toString();
            fill(conn.bind(new TenantScope(oldId, slug, Isolation.DATABASE, null)), 0);
            assertThatThrownBy(() -> conn.bind(new TenantScope(UUID.randomUUID().toString(), slug,
                    Isolation.DATABASE, null))).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("holds documents of another tenant (id " + oldId);
        }
    }

    @Test
    void purgeInASharedDatabaseDeletesEveryDocumentOfTheTenantInBatchesAndNoneOfTheOther() {
        String shared = MongoTestServer.uniqueDatabase();
        databases.add(shared);
        try (AdapterConnection conn = connect(MongoTestServer.get().config(shared, Isolation.SHARED))) {
            TenantScope acme = new TenantScope(UUID.randomUUID().toString(), "acme", Isolation.SHARED, null);
            TenantScope globex = new TenantScope(UUID.randomUUID().toString(), "globex", Isolation.SHARED, null);
            fill(conn.bind(acme), MongoConnection.PURGE_BATCH + 50);
            fill(conn.bind(globex), 2);

            assertThat(conn.purge(acme)).contains("deleted").contains("from database " + shared);

            try (MongoClient c = client()) {
                MongoDatabase db = c.getDatabase(shared);
                for (String collection : DatabaseHandles.STORE_COLLECTIONS) {
                    if (collection.equals(StoreCollections.MIGRATIONS)) {
                        continue;
                    }
                    assertThat(db.getCollection(collection).countDocuments(
                            Filters.eq(StoreCollections.TENANT_ID, acme.tenantId()))).as(collection).isZero();
                    assertThat(db.getCollection(collection).countDocuments(
                            Filters.eq(StoreCollections.TENANT_ID, globex.tenantId()))).as(collection).isPositive();
                }
                assertThat(db.getCollection(StoreCollections.USERS).countDocuments(new Document())).isEqualTo(3);
            }
        }
    }
}

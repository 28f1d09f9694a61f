package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.model.NewUser;
import io.tenantstore.mongodb.MongoStoreAdapter;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@code database} tenants on one client (one login, as mongo-java-server has no
 * authentication): what tenant A's {@code unwrap(MongoDatabase.class)} could send into tenant B's
 * database is refused before it is sent, and B's database is unchanged.
 */
class TenantDatabaseGuardIT {
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String slugA = "guard-a-" + run;
    private final String slugB = "guard-b-" + run;
    private final String dbB = DatabaseNames.forTenant(slugB);
    private AdapterConnection conn;
    private MongoDatabase a;

    @BeforeEach
    void bind() {
        conn = new MongoStoreAdapter().connect(MongoTestServer.adapterConfig(
                MongoTestServer.get().config(null, Isolation.DATABASE),
                new FakeClock(java.time.Instant.parse("2030-01-01T00:00:00Z")), new FakePasswordHasher()));
        TenantRepositories ra = conn.bind(new TenantScope(UUID.randomUUID().toString(), slugA, Isolation.DATABASE, null));
        TenantRepositories rb = conn.bind(new TenantScope(UUID.randomUUID().toString(), slugB, Isolation.DATABASE, null));
        ra.users().create(NewUser.of("ana@a.example", null));
        rb.users().create(NewUser.of("bob@b.example", null));
        a = ra.unwrap(MongoDatabase.class).orElseThrow();
    }

    @AfterEach
    void drop() {
        conn.close();
        try (MongoClient c = client()) {
            c.getDatabase(DatabaseNames.forTenant(slugA)).drop();
            c.getDatabase(dbB).drop();
        }
    }

    private static MongoClient client() {
        return MongoClients.create(ClientSetup.of(MongoTestServer.get().config(null, Isolation.SHARED), null).settings());
    }

    private List<Document> usersOfB() {
        try (MongoClient c = client()) {
            return c.getDatabase(dbB).getCollection(StoreCollections.USERS).find().into(new ArrayList<>());
        }
    }

    private List<Bson> mergeInto(String db) {
        return List.of(new Document("$merge", new Document("into", new Document("db", db)
                .append("coll", StoreCollections.USERS))));
    }

    @Test
    void withoutTheGuardTheTestServerCarriesOutTheAttack() {
        // The same $merge through a raw handle of the same client: the attack is real on this server.
        try (MongoClient c = client()) {
            c.getDatabase(DatabaseNames.forTenant(slugA)).getCollection(StoreCollections.USERS)
                    .aggregate(List.of(new Document("$project", new Document("_id", 0).append("email", 1)
                            .append("tenantId", 1)), mergeInto(dbB).get(0))).toCollection();
        }
        assertThat(usersOfB()).extracting(d -> d.getString("email")).contains("ana@a.example");
    }

    @Test
    void theHandleIsTheTenantsOwnDatabase() {
        assertThat(a.getName()).isEqualTo(DatabaseNames.forTenant(slugA));
        assertThat(a.getCollection(StoreCollections.USERS).countDocuments()).isEqualTo(1);
    }

    @Test
    void mergeOrOutIntoAnotherTenantsDatabaseIsRefusedEveryWayAndNothingReachesIt() {
        MongoCollection<Document> users = a.getCollection(StoreCollections.USERS);
        assertThatThrownBy(() -> users.aggregate(mergeInto(dbB)).first()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("$merge into database '" + dbB + "'");
        assertThatThrownBy(() -> a.aggregate(mergeInto(dbB)).first()).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> users.aggregate(List.of(new Document("$out",
                new Document("db", dbB).append("coll", "stolen")))).first()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("$out into database");
        // derived handles are guarded too
        assertThatThrownBy(() -> a.withCodecRegistry(MongoClientSettings.getDefaultCodecRegistry())
                .getCollection(StoreCollections.USERS).withDocumentClass(Document.class)
                .aggregate(mergeInto(dbB)).first()).isInstanceOf(InvalidInputException.class);
        // the same pipeline as a raw command, nested in a $facet-like wrapper
        assertThatThrownBy(() -> a.runCommand(new Document("aggregate", StoreCollections.USERS)
                .append("pipeline", mergeInto(dbB)).append("cursor", new Document())))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> users.renameCollection(new MongoNamespace(dbB, "moved")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> users.mapReduce("function() {}", "function(k, v) { return v; }"))
                .isInstanceOf(InvalidInputException.class);

        assertThat(usersOfB()).extracting(d -> d.getString("email")).containsExactly("bob@b.example");
    }

    @Test
    void aBsonThatChangesBetweenCheckAndSendIsSentAsChecked() {
        // A stage that shows an innocent face to the first reader and the attack to the second.
        Bson shifty = new Bson() {
            private int reads;

            @Override
            public <T> org.bson.BsonDocument toBsonDocument(Class<T> type, org.bson.codecs.configuration.CodecRegistry r) {
                return (reads++ == 0 ? new Document("$match", new Document()) : mergeInto(dbB).get(0)
                        .toBsonDocument(type, r)).toBsonDocument(type, r);
            }
        };
        a.getCollection(StoreCollections.USERS).aggregate(List.of(shifty)).into(new ArrayList<>());
        assertThat(usersOfB()).hasSize(1);
    }

    @Test
    void pipelinesWithinTheTenantsOwnDatabaseStillWork() {
        List<Document> out = a.getCollection(StoreCollections.USERS).aggregate(List.of(
                new Document("$match", new Document()), new Document("$project", new Document("email", 1))))
                .into(new ArrayList<>());
        assertThat(out).extracting(d -> d.getString("email")).containsExactly("ana@a.example");
        assertThat(a.runCommand(new Document("ping", 1)).get("ok")).isNotNull();
    }
}

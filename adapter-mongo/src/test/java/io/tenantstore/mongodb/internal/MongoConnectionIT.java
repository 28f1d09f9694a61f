package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.DbConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.MigrationException;
import io.tenantstore.PoolSettings;
import io.tenantstore.UnavailableException;
import io.tenantstore.model.NewUser;
import io.tenantstore.mongodb.MongoStoreAdapter;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MongoConnectionIT {
    /** The versions of the bundled index migrations. */
    private static final List<Integer> BUNDLED = IndexMigrations.ALL.stream().map(IndexMigrations.Migration::version)
            .toList();
    /** The version a test migration takes: after every bundled one. */
    private static final int NEXT = BUNDLED.get(BUNDLED.size() - 1) + 1;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final FakeClock clock = new FakeClock(java.time.Instant.parse("2026-03-01T10:00:00.123456789Z"));
    private final FakePasswordHasher hasher = new FakePasswordHasher();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private MongoConnection open(DbConfig config) {
        return open(config, IndexMigrations.ALL);
    }

    private MongoConnection open(DbConfig config, List<IndexMigrations.Migration> migrations) {
        MongoConnection c = MongoConnection.open(MongoTestServer.adapterConfig(config, clock, hasher), migrations);
        cleanup.add(c);
        return c;
    }

    /** Drops the database when the test ends (before the connections close). */
    private MongoDatabase dropLater(MongoConnection c, String database) {
        MongoDatabase db = c.client().getDatabase(database);
        cleanup.add(db::drop);
        return db;
    }

    private static DbConfig config(String database, Isolation isolation) {
        return MongoTestServer.get().config(database, isolation);
    }

    @Test
    void theAdapterIsFoundByNameAndConnects() {
        MongoStoreAdapter adapter = new MongoStoreAdapter();
        AdapterConnection c = adapter.connect(MongoTestServer.adapterConfig(config(null, Isolation.DATABASE), clock,
                hasher));
        cleanup.add(c);

        assertThat(adapter.name()).isEqualTo("mongodb");
        assertThat(adapter.aliases()).containsExactly("mongo");
        assertThat(c.ping(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void databaseIsolationGivesEachTenantItsOwnDatabaseNamedAfterTheSlug() {
        MongoConnection c = open(config(null, Isolation.DATABASE));
        String slug = MongoTestServer.uniqueSlug("acme-corp");
        dropLater(c, "t_" + slug.replace('-', '_'));

        TenantRepositories repos = c.bind(MongoTestServer.scope(slug, Isolation.DATABASE));
        repos.users().create(NewUser.of("ana@acme.io", "h"));

        MongoDatabase db = repos.unwrap(MongoDatabase.class).orElseThrow();
        assertThat(db.getName()).isEqualTo("t_" + slug.replace('-', '_'));
        assertThat(db.getCollection(StoreCollections.USERS).countDocuments()).isEqualTo(1);
    }

    @Test
    void aDatabaseNamedInTheUrlIsTheTenantsDatabase() {
        String name = MongoTestServer.uniqueDatabase();
        MongoConnection c = open(config(name, Isolation.DATABASE));
        dropLater(c, name);

        TenantRepositories repos = c.bind(MongoTestServer.scope("acme", Isolation.DATABASE));

        assertThat(repos.unwrap(MongoDatabase.class).orElseThrow().getName()).isEqualTo(name);
    }

    @Test
    void tenantsSharingAUrlNamedDatabaseStayApartByTenantId() {
        String name = MongoTestServer.uniqueDatabase();
        MongoConnection c = open(config(name, Isolation.DATABASE));
        dropLater(c, name);
        TenantRepositories a = c.bind(MongoTestServer.scope("a", Isolation.DATABASE));
        TenantRepositories b = c.bind(MongoTestServer.scope("b", Isolation.DATABASE));

        a.users().create(NewUser.of("ana@acme.io", "h"));
        b.users().create(NewUser.of("ana@acme.io", "h"));

        assertThat(a.users().list(io.tenantstore.model.UserQuery.firstPage()).users()).hasSize(1);
        assertThat(b.users().list(io.tenantstore.model.UserQuery.firstPage()).users()).hasSize(1);
        assertThat(c.client().getDatabase(name).getCollection(StoreCollections.USERS).countDocuments()).isEqualTo(2);
    }

    @Test
    void sharedIsolationUsesTheUrlsDatabaseOrTheDefault() {
        String name = MongoTestServer.uniqueDatabase();
        MongoConnection named = open(config(name, Isolation.SHARED));
        dropLater(named, name);
        MongoConnection unnamed = open(config(null, Isolation.SHARED));
        dropLater(unnamed, MongoConnection.DEFAULT_SHARED_DATABASE);

        assertThat(named.bind(MongoTestServer.scope("a", Isolation.SHARED)).unwrap(MongoDatabase.class).orElseThrow()
                .getName()).isEqualTo(name);
        assertThat(unnamed.bind(MongoTestServer.scope("b", Isolation.SHARED)).unwrap(MongoDatabase.class)
                .orElseThrow().getName()).isEqualTo("tenantstore");
    }

    @Test
    void schemaIsolationIsRefusedWithAnExplanation() {
        MongoConnection c = open(config(null, Isolation.SCHEMA));

        assertThatThrownBy(() -> c.bind(MongoTestServer.scope("acme", Isolation.SCHEMA)))
                .isInstanceOf(io.tenantstore.UnsupportedIsolationException.class)
                .hasMessageContaining("'schema'")
                .hasMessageContaining("database, shared");
    }

    @Test
    void aSlugThatCannotNameADatabaseIsInvalidInput() {
        MongoConnection c = open(config(null, Isolation.DATABASE));

        assertThatThrownBy(() -> c.bind(new TenantScope("id-1", "Bad.Slug", Isolation.DATABASE, null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'Bad.Slug'");
    }

    @Test
    void aUrlNamingTheAdminDatabaseIsRefusedAtConnect() {
        assertThatThrownBy(() -> open(config("admin", Isolation.SHARED)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'admin'");
    }

    @Test
    void indexMigrationsAreRecordedOncePerDatabase() {
        String name = MongoTestServer.uniqueDatabase();
        MongoConnection c = open(config(name, Isolation.SHARED));
        MongoDatabase db = dropLater(c, name);

        c.bind(MongoTestServer.scope("a", Isolation.SHARED));
        clock.advance(Duration.ofMinutes(1));
        c.bind(MongoTestServer.scope("b", Isolation.SHARED));

        assertThat(c.migrationRuns()).isEqualTo(1);
        List<Document> records = db.getCollection(StoreCollections.MIGRATIONS).find().sort(new Document("_id", 1))
                .into(new ArrayList<>());
        assertThat(records).extracting(d -> d.getInteger("_id")).containsExactlyElementsOf(BUNDLED);
        assertThat(records.get(0).getInteger("_id")).isEqualTo(1);
        assertThat(records.get(0).getString("description")).isEqualTo("initial indexes");
        assertThat(records.get(0).getDate("appliedAt").toInstant())
                .isEqualTo(clock.instant().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS));
        assertThat(indexNames(db, StoreCollections.USERS)).contains("ux_users_email");
        assertThat(indexNames(db, StoreCollections.REFRESH_TOKENS)).contains("ux_tokens_hash");
        assertThat(indexNames(db, StoreCollections.ROLES)).contains("ux_roles_name");
        assertThat(indexNames(db, StoreCollections.ONE_TIME_TOKENS)).contains("ux_one_time_tokens_hash");
    }

    @Test
    void anotherProcessFindsTheDatabaseCurrentAndLeavesTheRecordAlone() {
        String name = MongoTestServer.uniqueDatabase();
        MongoConnection first = open(config(name, Isolation.SHARED));
        MongoDatabase db = dropLater(first, name);
        first.bind(MongoTestServer.scope("a", Isolation.SHARED));
        List<Document> before = db.getCollection(StoreCollections.MIGRATIONS).find().into(new ArrayList<>());
        clock.advance(Duration.ofHours(1));

        MongoConnection second = open(config(name, Isolation.SHARED));
        second.bind(MongoTestServer.scope("b", Isolation.SHARED));

        assertThat(db.getCollection(StoreCollections.MIGRATIONS).find().into(new ArrayList<>()))
                .containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void concurrentFirstBindsMigrateATargetOnce() throws Exception {
        String name = MongoTestServer.uniqueDatabase();
        MongoConnection c = open(config(name, Isolation.SHARED));
        dropLater(c, name);
        int threads = 16;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<TenantRepositories>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String slug = "tenant-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return c.bind(MongoTestServer.scope(slug, Isolation.SHARED));
                }));
            }
            for (Future<TenantRepositories> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS).users().list(io.tenantstore.model.UserQuery.firstPage())
                        .users()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(c.migrationRuns()).isEqualTo(1);
    }

    @Test
    void aLaterVersionAddsAndChangesIndexes() {
        String name = MongoTestServer.uniqueDatabase();
        MongoConnection v1 = open(config(name, Isolation.SHARED));
        MongoDatabase db = dropLater(v1, name);
        v1.bind(MongoTestServer.scope("a", Isolation.SHARED));

        List<IndexMigrations.Migration> withV2 = new ArrayList<>(IndexMigrations.ALL);
        withV2.add(new IndexMigrations.Migration(NEXT, "consents by client", List.of(
                new IndexMigrations.DropIndex(StoreCollections.ROLES, "ux_roles_name"),
                new IndexMigrations.CreateIndex(StoreCollections.ROLES, "ux_roles_name",
                        List.of(StoreCollections.TENANT_ID, Fields.NAME, Fields.SYSTEM), true),
                new IndexMigrations.CreateIndex(StoreCollections.CONSENTS, "ux_consents_client_user",
                        List.of(StoreCollections.TENANT_ID, Fields.CLIENT_ID, Fields.USER_ID), true),
                new IndexMigrations.DropIndex(StoreCollections.USERS, "never_existed"))));
        MongoConnection v2 = open(config(name, Isolation.SHARED), withV2);
        v2.bind(MongoTestServer.scope("b", Isolation.SHARED));

        assertThat(db.getCollection(StoreCollections.MIGRATIONS).find().into(new ArrayList<>()))
                .extracting(d -> d.getInteger("_id")).containsExactlyInAnyOrderElementsOf(withNext(BUNDLED));
        assertThat(indexNames(db, StoreCollections.CONSENTS)).contains("ux_consents_client_user");
        Document roleIndex = indexes(db, StoreCollections.ROLES).stream()
                .filter(d -> "ux_roles_name".equals(d.getString("name"))).findFirst().orElseThrow();
        assertThat(roleIndex.get("key", Document.class).keySet()).containsExactly("tenantId", "name", "system");
    }

    @Test
    void migrationStatusReadsTheRecordedVersionsWithoutWritingAndMigrateSaysWhatItApplied() {
        String name = MongoTestServer.uniqueDatabase();
        MongoConnection v1 = open(config(name, Isolation.SHARED));
        MongoDatabase db = dropLater(v1, name);
        TenantScope scope = MongoTestServer.scope("a", Isolation.SHARED);
        List<String> bundled = BUNDLED.stream().map(String::valueOf).toList();

        io.tenantstore.MigrationStatus fresh = v1.migrationStatus(scope);
        assertThat(fresh.target()).startsWith("MongoDB database '" + name + "' of ");
        assertThat(fresh.histories()).singleElement().satisfies(h -> {
            assertThat(h.name()).isEqualTo("tenantstore");
            assertThat(h.currentVersion()).isEmpty();
            assertThat(h.pending()).isEqualTo(bundled);
            assertThat(h.failed()).isEmpty();
        });
        // read only: nothing recorded, no index created
        assertThat(db.getCollection(StoreCollections.MIGRATIONS).countDocuments()).isZero();
        assertThat(db.listCollectionNames().into(new ArrayList<>())).doesNotContain(StoreCollections.USERS);
        assertThat(v1.migrationStatus(scope).pending()).hasSize(bundled.size());

        io.tenantstore.MigrationRun run = v1.migrate(scope);
        assertThat(run.applied()).isEqualTo(bundled.stream().map(v -> "tenantstore V" + v).toList());
        assertThat(run.status().current()).isTrue();
        assertThat(v1.migrate(scope).applied()).isEmpty();

        List<IndexMigrations.Migration> withNext = new ArrayList<>(IndexMigrations.ALL);
        withNext.add(new IndexMigrations.Migration(NEXT, "consents by client", List.of(
                new IndexMigrations.CreateIndex(StoreCollections.CONSENTS, "ux_consents_client_user",
                        List.of(StoreCollections.TENANT_ID, Fields.CLIENT_ID, Fields.USER_ID), true))));
        MongoConnection v2 = open(config(name, Isolation.SHARED), withNext);
        io.tenantstore.MigrationStatus behind = v2.migrationStatus(scope);
        assertThat(behind.histories().get(0).currentVersion()).contains(bundled.get(bundled.size() - 1));
        assertThat(behind.pending()).containsExactly("tenantstore V" + NEXT);
        assertThat(v2.migrate(scope).applied()).containsExactly("tenantstore V" + NEXT);
    }

    @Test
    void aFailedMigrationIsReportedToEveryCallerAndRetriedByTheNext() {
        String name = MongoTestServer.uniqueDatabase();
        MongoConnection v1 = open(config(name, Isolation.SHARED));
        MongoDatabase db = dropLater(v1, name);
        TenantRepositories repos = v1.bind(MongoTestServer.scope("a", Isolation.SHARED));
        repos.users().create(NewUser.of("ana@acme.io", "h"));
        repos.users().create(NewUser.of("bob@acme.io", "h"));
        // Both users lack a display name, so a unique index on it cannot be built.
        List<IndexMigrations.Migration> broken = new ArrayList<>(IndexMigrations.ALL);
        broken.add(new IndexMigrations.Migration(NEXT, "unique display names", List.of(
                new IndexMigrations.CreateIndex(StoreCollections.USERS, "ux_users_display_name",
                        List.of(StoreCollections.TENANT_ID, Fields.DISPLAY_NAME), true))));
        MongoConnection v2 = open(config(name, Isolation.SHARED), broken);

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> v2.bind(MongoTestServer.scope("b", Isolation.SHARED)))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("V" + NEXT)
                    .hasMessageContaining("'ux_users_display_name'");
        }
        assertThat(v2.migrationRuns()).isEqualTo(2);
        assertThat(db.getCollection(StoreCollections.MIGRATIONS).find().into(new ArrayList<>()))
                .extracting(d -> d.getInteger("_id")).containsExactlyInAnyOrderElementsOf(BUNDLED);
    }

    @Test
    void redefiningAnIndexWithoutDroppingItIsAMigrationError() {
        String name = MongoTestServer.uniqueDatabase();
        MongoConnection v1 = open(config(name, Isolation.SHARED));
        dropLater(v1, name);
        v1.bind(MongoTestServer.scope("a", Isolation.SHARED));
        List<IndexMigrations.Migration> redefining = new ArrayList<>(IndexMigrations.ALL);
        redefining.add(new IndexMigrations.Migration(NEXT, "emails per display name", List.of(
                new IndexMigrations.CreateIndex(StoreCollections.USERS, "ux_users_email",
                        List.of(StoreCollections.TENANT_ID, Fields.DISPLAY_NAME, Fields.EMAIL_LOWER), true))));
        MongoConnection v2 = open(config(name, Isolation.SHARED), redefining);

        assertThatThrownBy(() -> v2.bind(MongoTestServer.scope("b", Isolation.SHARED)))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("'ux_users_email'");
    }

    @Test
    void unwrapOffersTheTenantsDatabaseButNotTheSharedClient() {
        String name = MongoTestServer.uniqueDatabase();
        MongoConnection c = open(config(name, Isolation.SHARED));
        dropLater(c, name);

        TenantRepositories repos = c.bind(MongoTestServer.scope("a", Isolation.SHARED));

        assertThat(repos.unwrap(MongoDatabase.class)).map(MongoDatabase::getName).contains(name);
        assertThat(repos.unwrap(MongoClient.class)).as("reaches every tenant's database").isEmpty();
        assertThat(repos.unwrap(javax.sql.DataSource.class)).isEmpty();
    }

    @Test
    void everyDocumentCarriesTheTenantIdInDatabaseIsolationToo() {
        MongoConnection c = open(config(null, Isolation.DATABASE));
        String slug = MongoTestServer.uniqueSlug("acme");
        MongoDatabase db = dropLater(c, "t_" + slug.replace('-', '_'));
        TenantScope scope = MongoTestServer.scope(slug, Isolation.DATABASE);
        TenantRepositories repos = c.bind(scope);

        String userId = repos.users().create(NewUser.of("ana@acme.io", "h")).id();
        repos.tokens().create(new io.tenantstore.model.NewRefreshToken("h1", userId, "app", List.of(),
                Duration.ofHours(1)));
        repos.mfa().setRecoveryCodes(userId, List.of("c1"));
        repos.consents().upsert(userId, "app", Set.of("openid"));
        repos.rbac().createRole(new io.tenantstore.model.NewRole("r", "", Set.of(), List.of(), false));
        repos.rbac().assignRole(userId, "r");

        for (String collection : List.of(StoreCollections.USERS, StoreCollections.REFRESH_TOKENS,
                StoreCollections.MFA_RECOVERY_CODES, StoreCollections.CONSENTS, StoreCollections.ROLES,
                StoreCollections.USER_ROLES)) {
            List<Document> docs = db.getCollection(collection).find().into(new ArrayList<>());
            assertThat(docs).as(collection).isNotEmpty()
                    .allSatisfy(d -> assertThat(d.getString("tenantId")).isEqualTo(scope.tenantId()));
        }
    }

    @Test
    void pingCountersAndClose() {
        String name = MongoTestServer.uniqueDatabase();
        MongoConnection c = open(config(name, Isolation.SHARED));
        MongoDatabase db = c.client().getDatabase(name);
        TenantRepositories repos = c.bind(MongoTestServer.scope("a", Isolation.SHARED));
        repos.users().create(NewUser.of("ana@acme.io", "h"));

        assertThat(c.ping(Duration.ofSeconds(5))).isTrue();
        AdapterConnection.PoolCounters counters = c.counters().orElseThrow();
        assertThat(counters.active()).isZero();
        assertThat(counters.idle()).isPositive();
        assertThat(counters.pending()).isZero();
        db.drop();

        c.close();
        c.close();

        assertThat(c.ping(Duration.ofSeconds(1))).isFalse();
        assertThatThrownBy(() -> c.bind(MongoTestServer.scope("b", Isolation.SHARED)))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.CLOSED));
        assertThatThrownBy(() -> repos.users().getByEmail("ana@acme.io"))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.CLOSED));
    }

    @Test
    void aServerThatDoesNotAnswerIsUnavailableWithinTheConnectionTimeout() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DbConfig dead = DbConfig.builder("mongodb", "mongodb://127.0.0.1:" + port + "/x")
                .pool(new PoolSettings(2, 0, Duration.ofMillis(500))).build();

        long started = System.nanoTime();
        assertThatThrownBy(() -> open(dead))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN))
                .hasMessageContaining("127.0.0.1:" + port);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aWrongPasswordIsUnavailableAndNeverQuoted() {
        DbConfig wrong = MongoTestServer.get().config(null, Isolation.SHARED).toBuilder()
                .username("nobody-" + System.nanoTime()).password(io.tenantstore.Secret.of("wrong-password-123"))
                .build();

        assertThatThrownBy(() -> open(wrong))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN))
                .hasMessageContaining("refused the login")
                .hasMessageNotContaining("wrong-password-123");
    }

    private static List<Document> indexes(MongoDatabase db, String collection) {
        return db.getCollection(collection).listIndexes().into(new ArrayList<>());
    }

    private static List<String> indexNames(MongoDatabase db, String collection) {
        return indexes(db, collection).stream().map(d -> d.getString("name")).toList();
    }

    private static List<Integer> withNext(List<Integer> versions) {
        List<Integer> all = new ArrayList<>(versions);
        all.add(NEXT);
        return all;
    }
}

package io.tenantstore.mongodb.internal;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;

import com.mongodb.ConnectionString;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.PasswordHasher;
import io.tenantstore.Secret;
import io.tenantstore.mongodb.MongoStoreAdapter;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.jspecify.annotations.Nullable;

/**
 * The MongoDB server of this test JVM, from the testkit's {@link TestDatabases#mongodb()}:
 * {@code TENANTSTORE_TEST_MONGODB_URI} when set, else a container when Docker answers, else the
 * in-memory mongo-java-server. Credentials inside the URI are moved to username/password (a
 * DbConfig URL never holds a password). Thread-safe.
 */
final class MongoTestServer {
    private static @Nullable MongoTestServer instance;

    private final String baseUrl;
    private final @Nullable String username;
    private final @Nullable Secret password;
    private final String options;
    private final boolean embedded;

    private MongoTestServer(String baseUrl, @Nullable String username, @Nullable Secret password, String options,
                            boolean embedded) {
        this.baseUrl = baseUrl;
        this.username = username;
        this.password = password;
        this.options = options;
        this.embedded = embedded;
    }

    /** @return the server, resolved on the first call */
    static synchronized MongoTestServer get() {
        if (instance == null) {
            instance = of(TestDatabases.mongodb());
        }
        return instance;
    }

    /**
     * @param db a MongoDB test database
     * @return its server, with URLs that name no database and hold no credentials
     */
    static MongoTestServer of(TestDatabase db) {
        String uri = db.url();
        ConnectionString cs = new ConnectionString(uri);
        String scheme = uri.startsWith("mongodb+srv://") ? "mongodb+srv://" : "mongodb://";
        String hosts = String.join(",", cs.getHosts());
        int q = uri.indexOf('?');
        String options = q < 0 ? "" : uri.substring(q);
        String user = db.username().isEmpty() ? cs.getUsername() : db.username();
        String pw = db.password() != null ? db.password()
                : cs.getPassword() == null ? null : new String(cs.getPassword());
        if (user != null && !options.contains("authSource")) {
            // The URI's database was the auth source; tests put their own database in the path.
            String source = cs.getDatabase() == null ? "admin" : cs.getDatabase();
            options = (options.isEmpty() ? "?" : options + "&") + "authSource=" + source;
        }
        return new MongoTestServer(scheme + hosts, user, pw == null ? null : Secret.of(pw), options,
                db.source() == TestDatabase.Source.EMBEDDED);
    }

    /** @return whether this is the in-memory server (no transactions, no collation) */
    boolean embedded() {
        return embedded;
    }

    /**
     * @param database the database to name in the URL, or null for none
     * @param isolation the config's isolation
     * @return a config for this server
     */
    DbConfig config(@Nullable String database, Isolation isolation) {
        String url = baseUrl + "/" + (database == null ? "" : database) + options;
        return DbConfig.builder(MongoStoreAdapter.NAME, url).isolation(isolation).username(username)
                .password(password).build();
    }

    /**
     * @param db     the data source
     * @param clock  the clock
     * @param hasher the hasher
     * @return an adapter config running background work on the calling thread
     */
    static AdapterConfig adapterConfig(DbConfig db, Clock clock, PasswordHasher hasher) {
        Executor direct = Runnable::run;
        // A keyring of its own: TOTP seeds are stored encrypted, and a store without one refuses them.
        return new AdapterConfig(db, clock, direct, hasher, List.of(), io.tenantstore.core.secret.Keyring.generate().dataCipher());
    }

    /** @return a database name no other test uses */
    static String uniqueDatabase() {
        return "ts_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** @param prefix a readable prefix @return a slug no other test uses */
    static String uniqueSlug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * @param slug      the tenant's slug
     * @param isolation database or shared
     * @return a scope with a fresh tenant id
     */
    static TenantScope scope(String slug, Isolation isolation) {
        return new TenantScope(UUID.randomUUID().toString(), slug, isolation,
                isolation == Isolation.SCHEMA ? "t_" + slug.replace('-', '_') : null);
    }


    /**
     * @param repos a tenant's repositories
     * @return every stored TOTP secret of the tenant's database, read raw through {@code unwrap}
     */
    static java.util.List<String> storedTotpSecrets(io.tenantstore.spi.TenantRepositories repos) {
        com.mongodb.client.MongoDatabase db = repos.unwrap(com.mongodb.client.MongoDatabase.class).orElseThrow();
        java.util.List<String> values = new java.util.ArrayList<>();
        for (org.bson.Document d : db.getCollection(StoreCollections.MFA_TOTP).find()) {
            values.add(String.valueOf(d.get(Fields.SECRET)));
        }
        return values;
    }
}

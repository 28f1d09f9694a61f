package io.tenantstore.mongodb.internal;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;

import com.mongodb.ConnectionString;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.PasswordHasher;
import io.tenantstore.Secret;
import io.tenantstore.mongodb.MongoStoreAdapter;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.TenantScope;
import org.jspecify.annotations.Nullable;

/**
 * The MongoDB server of this test JVM: the one named by {@code TENANTSTORE_TEST_MONGODB_URI}
 * (credentials may be inside the URI; they are moved to username/password), else an in-memory
 * mongo-java-server started on first use. Thread-safe.
 */
final class MongoTestServer {
    /** The environment variable naming a real server. */
    static final String ENV = "TENANTSTORE_TEST_MONGODB_URI";

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

    /** @return the server, started or resolved on the first call */
    static synchronized MongoTestServer get() {
        if (instance == null) {
            String uri = System.getenv(ENV);
            instance = uri == null || uri.isBlank() ? startEmbedded() : fromUri(uri.trim());
        }
        return instance;
    }

    private static MongoTestServer startEmbedded() {
        MongoServer server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-java-server-shutdown"));
        return new MongoTestServer("mongodb://127.0.0.1:" + address.getPort(), null, null, "", true);
    }

    private static MongoTestServer fromUri(String uri) {
        ConnectionString cs = new ConnectionString(uri);
        String scheme = uri.startsWith("mongodb+srv://") ? "mongodb+srv://" : "mongodb://";
        String hosts = String.join(",", cs.getHosts());
        int q = uri.indexOf('?');
        String options = q < 0 ? "" : uri.substring(q);
        Secret password = cs.getPassword() == null ? null : Secret.of(new String(cs.getPassword()));
        if (cs.getUsername() != null && !options.contains("authSource")) {
            // The URI's database was the auth source; tests put their own database in the path.
            String source = cs.getDatabase() == null ? "admin" : cs.getDatabase();
            options = (options.isEmpty() ? "?" : options + "&") + "authSource=" + source;
        }
        return new MongoTestServer(scheme + hosts, cs.getUsername(), password, options, false);
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
        return new AdapterConfig(db, clock, direct, hasher, List.of());
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

}

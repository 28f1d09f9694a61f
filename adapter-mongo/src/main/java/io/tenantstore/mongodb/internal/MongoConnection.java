package io.tenantstore.mongodb.internal;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.tenantstore.spi.Text;
import io.tenantstore.CredentialException;
import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.UnsupportedIsolationException;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import io.tenantstore.core.credential.CredentialProviders;
import io.tenantstore.core.credential.RefreshingCredentialProvider;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MongoDB data source: a {@link MongoClient} (the driver's pool) shared by every tenant bound
 * to it, and the index migrations of each target database, run once per target however many
 * tenants race to bind (single-flight; a failure is not remembered, the next bind tries again).
 *
 * <p>Login: {@code username} and {@code password}, or a {@code credentials} source (static, env,
 * file, command) wrapped in a {@link RefreshingCredentialProvider} that refreshes it ahead of
 * expiry. The client is built with the credential current at that moment and kept while the
 * server accepts it; when the server refuses it and the source has a newer one, the client is
 * rebuilt and the failed operation retried ({@link ClientHolder}). {@link #ping} also starts a
 * credential refresh that is due, so health checks keep an idle data source's credential fresh.
 *
 * <p>Where a tenant's documents live ({@link #databaseFor(TenantScope)}):
 * <ul>
 *   <li>{@code shared}: the database named in the URL, else {@value #DEFAULT_SHARED_DATABASE};</li>
 *   <li>{@code database}: the database named in the URL (a tenant's own DbConfig), else
 *       {@code t_<slug>} (see {@link DatabaseNames#forTenant(String)}), so one client serves
 *       every tenant database of a server. Tenants that share a URL naming one database share
 *       that database; their documents stay apart by {@code tenantId}, and a warning says so;</li>
 *   <li>{@code schema}: refused, MongoDB has no schemas.</li>
 * </ul>
 * Thread-safe.
 */
public final class MongoConnection implements AdapterConnection {
    /** Database of {@code shared} isolation when the URL names none. */
    public static final String DEFAULT_SHARED_DATABASE = "tenantstore";

    private static final Logger LOG = LoggerFactory.getLogger(MongoConnection.class);

    private final ClientHolder clients;
    private final @Nullable RefreshingCredentialProvider credentials;
    private final ClientSetup setup;
    private final AdapterConfig config;
    private final PoolCounterListener counters;
    private final IndexMigrations migrations;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> targets = new ConcurrentHashMap<>();
    /** Derived database -> the tenant last found to be its only owner: checked once per database and tenant. */
    private final java.util.concurrent.ConcurrentMap<String, String> databaseOwners =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> urlDatabaseTenants = new ConcurrentHashMap<>();
    private final AtomicInteger migrationRuns = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private MongoConnection(ClientHolder clients, @Nullable RefreshingCredentialProvider credentials, ClientSetup setup,
                            AdapterConfig config, PoolCounterListener counters, IndexMigrations migrations) {
        this.clients = clients;
        this.credentials = credentials;
        this.setup = setup;
        this.config = config;
        this.counters = counters;
        this.migrations = migrations;
    }

    /**
     * Opens the client and checks that the server answers within the pool's connection timeout.
     *
     * @param config the data source and the store's services
     * @return the open connection
     * @throws InvalidInputException when the URL, options or login settings are invalid
     * @throws CredentialException   when the credentials source yields no credential, or the
     *                               server refuses the one it yields
     * @throws UnavailableException  when the server does not answer or refuses the password
     */
    public static MongoConnection open(AdapterConfig config) {
        return open(config, IndexMigrations.ALL);
    }

    /**
     * As {@link #open(AdapterConfig)}, with other index migrations (tests of later versions).
     *
     * @param config     the data source and the store's services
     * @param migrations the index migrations to apply to each target
     * @return the open connection
     */
    static MongoConnection open(AdapterConfig config, List<IndexMigrations.Migration> migrations) {
        return open(config, migrations, ClientFactory.DRIVER, OperationRunner.DIRECT);
    }

    /**
     * As {@link #open(AdapterConfig, List)}, with other ways to make clients and run operations
     * (tests of credential rotation on a server without authentication).
     *
     * @param config     the data source and the store's services
     * @param migrations the index migrations to apply to each target
     * @param factory    makes the clients
     * @param runner     runs every operation
     * @return the open connection
     */
    static MongoConnection open(AdapterConfig config, List<IndexMigrations.Migration> migrations,
                                ClientFactory factory, OperationRunner runner) {
        Objects.requireNonNull(config, "config");
        PoolCounterListener counters = new PoolCounterListener();
        DbConfig db = config.db();
        ClientSetup setup = ClientSetup.of(db, counters);
        // Built first: the first credential is minted here, so a misconfigured source fails at start.
        RefreshingCredentialProvider credentials =
                CredentialProviders.forDataSource(config, setup.description()).orElse(null);
        ClientHolder clients = ClientHolder.open(setup, credentials, factory, runner, config.clock());
        MongoConnection connection = new MongoConnection(clients, credentials, setup, config, counters,
                new IndexMigrations(migrations, config.clock()));
        try {
            connection.runPing(null, "connecting to ");
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
        if (!config.migrationLocations().isEmpty()) {
            // Store-wide locations hold Flyway SQL for the SQL adapters; refusing them here would
            // forbid mixing engines in one store, so the operator is told instead.
            LOG.warn("the MongoDB adapter does not apply the application migration locations {} to {};"
                    + " create the application's own indexes through unwrap(MongoDatabase.class)",
                    config.migrationLocations(), setup.description());
        }
        LOG.info("connected to {}", setup.description());
        return connection;
    }

    @Override
    public TenantRepositories bind(TenantScope scope) {
        Objects.requireNonNull(scope, "scope");
        if (closed.get()) {
            throw new UnavailableException(UnavailableException.Reason.CLOSED,
                    "the MongoDB connection to " + setup.description() + " is closed", null);
        }
        String databaseName = databaseFor(scope);
        prepare(databaseName);
        if (scope.isolation() == io.tenantstore.Isolation.DATABASE && setup.urlDatabase().isEmpty()
                && !scope.tenantId().equals(databaseOwners.get(databaseName))) {
            claimDatabase(databaseName, scope);
        }
        TenantContext ctx = new TenantContext(scope.tenantId(), scope.slug(), databaseName, clients, config.clock(),
                config.passwordHasher());
        return new MongoTenantRepositories(ctx, config.dataSecrets());
    }

    /**
     * @param scope a tenant and its isolation
     * @return the name of the database holding its documents
     * @throws InvalidInputException for {@code schema} isolation or a name MongoDB refuses
     */
    String databaseFor(TenantScope scope) {
        Optional<String> named = setup.urlDatabase();
        return switch (scope.isolation()) {
            case SHARED -> named.orElse(DEFAULT_SHARED_DATABASE);
            case DATABASE -> {
                if (named.isPresent()) {
                    warnIfShared(named.get(), scope);
                    yield named.get();
                }
                yield DatabaseNames.forTenant(scope.slug());
            }
            // MongoDB has no schemas; 'database' is one database per tenant (t_<slug> unless the URL names one)
            case SCHEMA -> throw new UnsupportedIsolationException("mongodb", Isolation.SCHEMA,
                    EnumSet.of(Isolation.DATABASE, Isolation.SHARED));
        };
    }

    private void warnIfShared(String database, TenantScope scope) {
        String first = urlDatabaseTenants.putIfAbsent(database, scope.tenantId());
        if (first != null && !first.equals(scope.tenantId())
                && urlDatabaseTenants.putIfAbsent(database + "\0warned", "") == null) {
            LOG.warn("tenant {} has isolation 'database' but its URL names database {}, which already holds"
                    + " another tenant; they share it, kept apart by tenantId only. Remove the database from the URL"
                    + " to give each tenant its own t_<slug> database", scope.slug(), database);
        }
    }

    private void prepare(String name) {
        CompletableFuture<Void> ready = targets.get(name);
        if (ready == null) {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            ready = targets.putIfAbsent(name, mine);
            if (ready == null) {
                migrate(name, mine);
                return;
            }
        }
        try {
            ready.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException(ErrorCode.INTERNAL, "preparing MongoDB database " + Text.quote(name) + " failed",
                    cause);
        }
    }

    private void migrate(String name, CompletableFuture<Void> mine) {
        migrationRuns.incrementAndGet();
        try {
            // Idempotent as a whole, so it may run again after a refused login rebuilt the client.
            List<Integer> applied = clients.execute("migrating MongoDB database ", Text.quote(name),
                    g -> migrations.migrate(g.database(name).database()));
            if (!applied.isEmpty()) {
                LOG.info("applied index migrations {} to MongoDB database {} ({})", applied, name,
                        setup.description());
            }
            mine.complete(null);
        } catch (RuntimeException e) {
            // Not remembered: the waiters see this failure, the next bind tries again.
            targets.remove(name, mine);
            RuntimeException typed = MongoErrors.translate(e, "migrating MongoDB database " + Text.quote(name));
            mine.completeExceptionally(typed);
            throw typed;
        }
    }

    /** Reads the index migrations recorded in the tenant's database; nothing is created. */
    @Override
    public io.tenantstore.MigrationStatus migrationStatus(TenantScope scope) {
        Objects.requireNonNull(scope, "scope");
        String name = databaseFor(scope);
        String operation = "reading the index migrations of MongoDB database " + Text.quote(name);
        try {
            io.tenantstore.MigrationStatus.History history = clients.execute("reading the index migrations of"
                    + " MongoDB database ", Text.quote(name), g -> migrations.status(g.database(name).database()));
            return new io.tenantstore.MigrationStatus("MongoDB database " + Text.quote(name) + " of "
                    + setup.description(), List.of(history));
        } catch (RuntimeException e) {
            throw MongoErrors.translate(e, operation);
        }
    }

    /**
     * Applies the index migrations the tenant's database has not recorded (MongoDB has no migrate
     * mode: binding does the same) and says which ran.
     */
    @Override
    public io.tenantstore.MigrationRun migrate(TenantScope scope) {
        Objects.requireNonNull(scope, "scope");
        String name = databaseFor(scope);
        List<Integer> applied;
        try {
            applied = clients.execute("migrating MongoDB database ", Text.quote(name),
                    g -> migrations.migrate(g.database(name).database()));
        } catch (RuntimeException e) {
            throw MongoErrors.translate(e, "migrating MongoDB database " + Text.quote(name));
        }
        return new io.tenantstore.MigrationRun(scope.slug(), applied.stream()
                .map(v -> io.tenantstore.MigrationStatus.History.TENANTSTORE + " V" + v).toList(),
                migrationStatus(scope));
    }

    /**
     * A database derived from the slug is one tenant's: one holding another tenant's documents
     * (left by a deleted tenant whose data was kept, whose slug a new tenant took) is refused.
     */
    private void claimDatabase(String name, TenantScope scope) {
        org.bson.conversions.Bson other = com.mongodb.client.model.Filters.ne(StoreCollections.TENANT_ID,
                scope.tenantId());
        Document found = clients.execute("checking the owner of MongoDB database ", Text.quote(name), g -> {
            Document d = g.database(name).users().find(other).first();
            return d != null ? d : g.database(name).roles().find(other).first();
        });
        if (found != null) {
            throw new io.tenantstore.ConflictException("MongoDB database " + name + " holds documents of another"
                    + " tenant (id " + found.get(StoreCollections.TENANT_ID) + "), not of tenant " + scope.slug()
                    + " (id " + scope.tenantId() + "); it was probably left by a deleted tenant whose data was kept."
                    + " Drop the database, or give tenant " + scope.slug() + " its own database in the URL");
        }
        databaseOwners.put(name, scope.tenantId());
    }

    /** Documents deleted per round when a tenant's documents are purged from a database it shares. */
    static final int PURGE_BATCH = 1000;

    /**
     * Drops the tenant's database when the adapter derived it ({@code database} isolation with no
     * database in the URL); otherwise deletes the tenant's documents from every store collection,
     * {@value #PURGE_BATCH} at a time, always filtered by {@code tenantId}.
     */
    @Override
    public String purge(TenantScope scope) {
        Objects.requireNonNull(scope, "scope");
        String name = databaseFor(scope);
        if (scope.isolation() == io.tenantstore.Isolation.DATABASE && setup.urlDatabase().isEmpty()) {
            clients.execute("dropping MongoDB database ", Text.quote(name), g -> {
                g.database(name).database().drop();
                return null;
            });
            targets.remove(name); // a later bind creates it again, with its indexes
            databaseOwners.remove(name);
            return "dropped database " + name + " on " + setup.description();
        }
        long deleted = 0;
        for (String collection : DatabaseHandles.STORE_COLLECTIONS) {
            deleted += clients.execute("purging tenant documents from ", Text.quote(name + "." + collection),
                    g -> deleteInBatches(g.database(name).collection(collection), scope.tenantId()));
        }
        return "deleted " + deleted + " documents of tenant " + scope.tenantId() + " from database " + name
                + " on " + setup.description();
    }

    private static long deleteInBatches(com.mongodb.client.MongoCollection<Document> c, String tenantId) {
        org.bson.conversions.Bson mine = com.mongodb.client.model.Filters.eq(StoreCollections.TENANT_ID, tenantId);
        long total = 0;
        while (true) {
            List<Object> ids = new java.util.ArrayList<>(PURGE_BATCH);
            for (Document d : c.find(mine).projection(new Document(StoreCollections.ID, 1)).limit(PURGE_BATCH)) {
                ids.add(d.get(StoreCollections.ID));
            }
            if (ids.isEmpty()) {
                return total;
            }
            total += c.deleteMany(com.mongodb.client.model.Filters.and(mine,
                    com.mongodb.client.model.Filters.in(StoreCollections.ID, ids))).getDeletedCount();
            if (ids.size() < PURGE_BATCH) {
                return total;
            }
        }
    }

    @Override
    public int reEncryptSecrets(TenantScope scope) {
        return ((MongoTenantRepositories) bind(scope)).reEncryptSecrets();
    }

    @Override
    public boolean ping(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (closed.get()) {
            return false;
        }
        if (credentials != null) {
            credentials.refreshIfDue(); // health checks also keep an idle data source's credential fresh
        }
        clients.closeOverdue();
        try {
            runPing(timeout, "ping of ");
            return true;
        } catch (RuntimeException e) {
            LOG.debug("ping of {} failed", setup.description(), e);
            return false;
        }
    }

    /** Pings through the client holder, so a refused login rebuilds the client here too. */
    private void runPing(@Nullable Duration timeout, String operation) {
        clients.execute(operation, setup.description(), g -> {
            MongoDatabase admin = g.client().getDatabase("admin");
            if (timeout != null) {
                admin = admin.withTimeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            }
            return admin.runCommand(new Document("ping", 1));
        });
    }

    @Override
    public Optional<PoolCounters> counters() {
        return Optional.of(counters.snapshot());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            clients.close();
            LOG.info("closed {}", setup.description());
        }
    }

    /** @return the current driver client (the pool shared by the tenants of this data source) */
    MongoClient client() {
        return clients.current().client();
    }

    /** @return the refreshing credential provider, when the config names a credentials source */
    Optional<RefreshingCredentialProvider> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** @return the client holder (for tests of credential rotation) */
    ClientHolder clients() {
        return clients;
    }

    /** @return how many times index migrations were started against a target (for tests of single-flight) */
    int migrationRuns() {
        return migrationRuns.get();
    }

    /** @return the URL's database, hosts and user; never the password */
    @Override
    public String toString() {
        return "MongoConnection[" + setup.description() + (closed.get() ? ", closed" : "") + "]";
    }
}

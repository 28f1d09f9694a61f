package io.tenantstore.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.tenantstore.Capabilities;
import io.tenantstore.ConfigAccess;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DataRetention;
import io.tenantstore.TenantDeletion;
import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.HealthReport;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.OperationalMode;
import io.tenantstore.PasswordHasher;
import io.tenantstore.StoreException;
import io.tenantstore.StoreStats;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.core.yaml.EnvSecretResolver;
import io.tenantstore.core.yaml.KeyringSecretResolver;
import io.tenantstore.core.yaml.SecretCodecs;
import io.tenantstore.UnavailableException;
import io.tenantstore.UnsupportedIsolationException;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.CacheConnection;
import io.tenantstore.spi.CacheProviderConfig;
import io.tenantstore.spi.ControlPlane;
import io.tenantstore.spi.ControlPlaneConfig;
import io.tenantstore.spi.ControlPlaneProvider;
import io.tenantstore.spi.ControlPlaneStore;
import io.tenantstore.spi.DataSecretCipher;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantCacheProvider;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.spi.Text;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store behind {@code TenantStore.builder().build()}. Warm {@link #forTenant(String)} is one
 * map read; cold it is single-flight per slug or id. Thread-safe.
 */
public final class DefaultDataAccessLayer implements DataAccessLayer {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultDataAccessLayer.class);
    /** Adapter used for tenants without a database. */
    static final String NO_DATABASE_ADAPTER = "noop";

    /**
     * The most tenant accesses a store keeps warm: 10,000 (about 10 MB for {@code shared} tenants,
     * 12 MB for {@code schema} ones). Beyond it, adding one drops the least recently used sixteenth,
     * so memory stays flat however many tenants are served.
     */
    public static final int DEFAULT_MAX_CACHED_TENANTS = 10_000;

    private final StoreSettings settings;
    private final OperationalMode mode;
    private final Capabilities capabilities;
    private final NamedServices<StoreAdapter> adapters;
    private final ControlPlane controlPlane;
    private final CheckedConfigAccess config;
    private final PoolRegistry pools;
    private final CacheConnection cache;
    private final AdapterConnection noDatabase;
    private final @Nullable ScheduledExecutorService scheduler;
    /** The control plane (or its copy) in the global database, or {@code null} without a globalDb. */
    private final @Nullable ControlPlaneStore globalStore;

    private final ConcurrentHashMap<String, TenantAccess> bySlug = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TenantAccess> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<TenantAccess>> creating = new ConcurrentHashMap<>();
    // Invalidation epochs: a creation that started before its slug was invalidated is not cached.
    private final AtomicLong epoch = new AtomicLong();
    private final ConcurrentHashMap<String, Long> invalidatedAt = new ConcurrentHashMap<>();
    private final Object cacheLock = new Object();
    private final AtomicLong tenantEvictions = new AtomicLong();
    /** The most tenant accesses kept; beyond it the least recently used are dropped. */
    private final int maxCachedTenants;
    private final Map<MaintenanceStep, AtomicLong> maintenanceFailures = new java.util.EnumMap<>(MaintenanceStep.class);

    {
        for (MaintenanceStep step : MaintenanceStep.values()) {
            maintenanceFailures.put(step, new AtomicLong());
        }
    }
    private volatile boolean closed;

    /**
     * Opens the store: discovers adapters, checks the configured drivers exist, opens the control plane.
     *
     * @param settings validated settings
     * @param adapters the adapters to choose from
     * @param controlPlanes the control planes to choose from
     */
    public DefaultDataAccessLayer(StoreSettings settings, NamedServices<StoreAdapter> adapters,
                                  NamedServices<ControlPlaneProvider> controlPlanes) {
        this(settings, adapters, controlPlanes, DEFAULT_MAX_CACHED_TENANTS);
    }

    /**
     * @param settings         validated settings
     * @param adapters         the adapters to choose from
     * @param controlPlanes    the control planes to choose from
     * @param maxCachedTenants the most tenant accesses kept warm (at least 1)
     */
    public DefaultDataAccessLayer(StoreSettings settings, NamedServices<StoreAdapter> adapters,
                           NamedServices<ControlPlaneProvider> controlPlanes, int maxCachedTenants) {
        if (maxCachedTenants < 1) {
            throw new IllegalArgumentException("maxCachedTenants must be at least 1: " + maxCachedTenants);
        }
        this.maxCachedTenants = maxCachedTenants;
        this.settings = settings;
        this.adapters = adapters;
        this.mode = OperationalMode.detect(settings.globalDb(), settings.defaultTenantDb());
        this.capabilities = Capabilities.of(mode, settings.writer(), settings.controlPlaneSource());
        if (settings.defaultTenantDb() != null) {
            // fail at start: an unknown driver lists what was found, an undeclared isolation what it supports
            declared(settings.defaultTenantDb());
        }
        // The cache is chosen by name like an adapter: an unknown name fails here, before anything opens.
        TenantCacheProvider cacheProvider = NamedServices.caches(settings.classLoader()).require(settings.cache().driver());
        StoreAdapter noop = adapters.require(NO_DATABASE_ADAPTER);
        this.noDatabase = noop.connect(new AdapterConfig(DbConfig.of(NO_DATABASE_ADAPTER, "none"), settings.clock(),
                settings.executor(), settings.passwordHasher(), List.of()));
        this.cache = cacheProvider.open(new CacheProviderConfig(settings.cache(), settings.clock(), settings.executor()));
        this.pools = new PoolRegistry(this::connect, settings.clock(), settings.maxPools(),
                settings.poolIdleTimeout(), this::onPoolEvicted);
        ControlPlaneStore global = null;
        try {
            // The global database holds the control plane (or its copy): opened and migrated at start.
            global = settings.globalDb() == null ? null : openGlobal(settings, adapters);
            this.controlPlane = controlPlanes.require(settings.controlPlane())
                    .open(new ControlPlaneConfig(settings.fsRoot(), settings.writer(), settings.clock(),
                            settings.keyring() == null ? null : SecretCodecs.toCodec(new KeyringSecretResolver(
                                    settings.keyring(), EnvSecretResolver.system())),
                            global, settings.controlPlaneSource()));
        } catch (RuntimeException e) {
            cache.close(); // a shared cache holds a client and connections
            if (global != null) {
                global.close();
            }
            throw e;
        }
        this.globalStore = global;
        this.config = new CheckedConfigAccess(controlPlane, adapters);
        controlPlane.addChangeListener(this::invalidate);
        if (settings.healthCheckInterval() != null) {
            long period = settings.healthCheckInterval().toMillis();
            this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tenantstore-maintenance");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::maintainQuietly, period, period, TimeUnit.MILLISECONDS);
        } else {
            this.scheduler = null;
        }
        if (settings.meterRegistry() != null) {
            // Only this call loads Micrometer classes; without a registry they are never touched.
            MicrometerStoreMeters.bind(settings.meterRegistry(), this);
        }
        LOG.info("tenant store open: mode {}, control plane {} ({}, source {}), adapters found: {}, cache {}", mode,
                globalStore != null && settings.controlPlaneSource() == io.tenantstore.ControlPlaneSource.DATABASE
                        ? globalStore.describe() : settings.fsRoot(),
                settings.writer() ? "writer" : "reader", settings.controlPlaneSource().yamlName(), adapters.names(),
                settings.cache().driver());
    }

    private AdapterConnection connect(DbConfig config) {
        return adapters.require(config.driver()).connect(new AdapterConfig(config, settings.clock(),
                settings.executor(), settings.passwordHasher(), settings.migrationLocations(),
                settings.keyring() == null ? DataSecretCipher.none() : settings.keyring().dataCipher(),
                settings.meterRegistry()));
    }

    @Override
    public TenantDataAccess forTenant(String slugOrId) {
        if (slugOrId == null) {
            throw new InvalidInputException("tenant slug or id must not be null");
        }
        // A map read and nothing else: the access counts as used when one of its repositories is
        // taken from it (TenantAccess.touch), as a call through the handle does.
        TenantAccess a = bySlug.get(slugOrId);
        if (a == null) {
            a = byId.get(slugOrId);
            if (a == null) {
                return load(slugOrId);
            }
        }
        return a;
    }

    private TenantAccess load(String slugOrId) {
        ensureOpen();
        CompletableFuture<TenantAccess> mine = new CompletableFuture<>();
        CompletableFuture<TenantAccess> running = creating.putIfAbsent(slugOrId, mine);
        if (running != null) {
            return await(running);
        }
        try {
            // Another caller may have published it between our cache miss and our claim.
            TenantAccess cached = bySlug.get(slugOrId);
            if (cached == null) {
                cached = byId.get(slugOrId);
            }
            if (cached != null) {
                mine.complete(cached);
                return cached;
            }
            long startedAt = epoch.get();
            TenantAccess created = create(resolve(slugOrId));
            publish(created, startedAt);
            mine.complete(created);
            return created;
        } catch (Throwable e) {
            // Errors too: waiters must never park on a future nobody completes.
            mine.completeExceptionally(e);
            throw e;
        } finally {
            creating.remove(slugOrId, mine);
        }
    }

    private void publish(TenantAccess created, long startedAt) {
        synchronized (cacheLock) {
            Long inv = invalidatedAt.get(created.slug());
            boolean poolGone = created.pool() != null && created.pool().isClosed();
            if (closed || poolGone || (inv != null && inv > startedAt)) {
                // Invalidated, or its pool evicted (health check) while it was being created:
                // hand it to the waiters, but it rebinds on first use.
                created.drop();
                return;
            }
            TenantAccess previous = bySlug.put(created.slug(), created);
            byId.put(created.id(), created);
            if (previous != null && previous != created) {
                // Another caller (by id vs slug) created it concurrently; keep one hold per cached access.
                previous.drop();
            }
            UseClock.advance();
            if (bySlug.size() > maxCachedTenants) {
                trim(created);
            }
        }
    }

    /**
     * Drops the least recently used accesses, a sixteenth of the bound at once (at least one), so
     * the sort this takes is paid once per that many additions. A dropped access stays usable by
     * whoever holds it: its next call goes back through {@link #forTenant}. Called under the cache lock.
     */
    private void trim(TenantAccess keep) {
        List<TenantAccess> all = new ArrayList<>(bySlug.values());
        all.sort(java.util.Comparator.comparingLong(TenantAccess::lastUse));
        int excess = all.size() - maxCachedTenants + Math.max(1, maxCachedTenants / 16);
        int dropped = 0;
        for (int i = 0; i < all.size() && dropped < Math.min(excess, all.size() - 1); i++) {
            TenantAccess a = all.get(i);
            if (a == keep) {
                continue;
            }
            bySlug.remove(a.slug(), a);
            byId.remove(a.id(), a);
            a.drop();
            tenantEvictions.incrementAndGet();
            dropped++;
        }
    }

    private static TenantAccess await(CompletableFuture<TenantAccess> running) {
        try {
            return running.get();
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException(ErrorCode.INTERNAL, "creating tenant access failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(UnavailableException.Reason.CLOSED, "interrupted while waiting for a tenant", e);
        }
    }

    private Tenant resolve(String slugOrId) {
        if (looksLikeUuid(slugOrId)) {
            Optional<Tenant> byTenantId = controlPlane.tenants().getById(slugOrId);
            if (byTenantId.isPresent()) {
                return byTenantId.get();
            }
        }
        return controlPlane.tenants().getBySlug(slugOrId).orElseThrow(() -> new TenantNotFoundException(
                "no tenant with slug or id " + Text.quote(slugOrId)));
    }

    private static boolean looksLikeUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @return the adapter of {@code db}, after checking it declares {@code db}'s isolation
     * @throws UnsupportedIsolationException when it does not
     */
    private StoreAdapter declared(DbConfig db) {
        StoreAdapter adapter = adapters.require(db.driver());
        if (!adapter.isolations().contains(db.isolation())) {
            throw new UnsupportedIsolationException(db.driver(), db.isolation(), adapter.isolations());
        }
        return adapter;
    }

    private TenantAccess create(Tenant tenant) {
        DbConfig db = placedDatabaseOf(tenant);
        if (db == null) {
            return new TenantAccess(this, tenant, noDatabase.bind(scope(tenant, Isolation.SHARED, null)), null,
                    controlPlane, cache.forTenant(tenant.id()));
        }
        PoolRegistry.Pool pool = pools.acquire(db);
        try {
            TenantRepositories repos = pool.connection().bind(scope(tenant, db.isolation(), db.schema().orElse(null)));
            return new TenantAccess(this, tenant, repos, pool, controlPlane, cache.forTenant(tenant.id()));
        } catch (Throwable e) {
            pool.release();
            throw e;
        }
    }

    /**
     * @return the data source of the tenant's data as the adapter places it (a file per tenant, a
     *         path under the control plane), or null when it has no database; every path to a
     *         tenant's data goes through here, so none opens a data source the tenant's calls do not use
     */
    private @Nullable DbConfig placedDatabaseOf(Tenant tenant) {
        DbConfig configured = databaseOf(tenant);
        return configured == null ? null
                : declared(configured).dataSourceFor(configured, tenant.slug(), settings.fsRoot());
    }

    private @Nullable DbConfig databaseOf(Tenant tenant) {
        TenantDatabase placement = tenant.database();
        if (placement instanceof TenantDatabase.Own own) {
            return own.config();
        }
        if (placement instanceof TenantDatabase.NoDatabase) {
            return null;
        }
        return settings.defaultTenantDb();
    }

    private static TenantScope scope(Tenant tenant, Isolation isolation, @Nullable String schema) {
        String s = null;
        if (isolation == Isolation.SCHEMA) {
            // Default schema name; the adapter validates it against its engine's identifier rules.
            s = schema != null ? schema : "t_" + tenant.slug().replace('-', '_');
        }
        return new TenantScope(tenant.id(), tenant.slug(), isolation, s);
    }

    @Override
    public void invalidate(String slug) {
        synchronized (cacheLock) {
            invalidatedAt.put(slug, epoch.incrementAndGet());
            TenantAccess a = bySlug.remove(slug);
            if (a != null) {
                byId.remove(a.id(), a);
                a.drop();
                tenantEvictions.incrementAndGet();
            }
        }
    }

    @Override
    public TenantDeletion deleteTenant(String slug, DataRetention retention) {
        Objects.requireNonNull(retention, "retention");
        ensureOpen();
        if (!settings.writer()) {
            // Checked before any data goes: a reader could purge but never remove the tenant.
            throw new io.tenantstore.NotLeaderException("this process opened the control plane read-only"
                    + " (controlPlane: reader); delete tenant " + Text.quote(slug) + " from a writer");
        }
        Tenant tenant = controlPlane.tenants().getBySlug(slug).orElseThrow(() -> new TenantNotFoundException(
                "no tenant with slug " + Text.quote(slug)));
        DbConfig db = placedDatabaseOf(tenant);
        String data;
        if (db == null) {
            data = "it had no database: no data to " + (retention == DataRetention.PURGE ? "purge" : "keep");
        } else if (retention == DataRetention.KEEP) {
            data = "kept: its rows stay " + where(tenant, db) + " under tenant id " + tenant.id()
                    + "; a new tenant with this slug gets a new id and does not see them";
        } else {
            invalidate(slug);
            PoolRegistry.Pool pool = pools.acquire(db);
            try {
                data = "purged: " + pool.connection().purge(scope(tenant, db.isolation(), db.schema().orElse(null)));
            } finally {
                pool.release();
            }
        }
        // After the data: a failed purge leaves the tenant registered, so the delete can be retried.
        controlPlane.tenants().delete(slug);
        invalidate(slug);
        LOG.info("deleted tenant {} ({}): {}", slug, tenant.id(), data);
        return new TenantDeletion(tenant.slug(), tenant.id(), retention, data);
    }

    @Override
    public int reEncryptStoredSecrets(String slug) {
        ensureOpen();
        Tenant tenant = controlPlane.tenants().getBySlug(slug).orElseThrow(() -> new TenantNotFoundException(
                "no tenant with slug " + Text.quote(slug)));
        DbConfig db = placedDatabaseOf(tenant);
        if (db == null) {
            return 0;
        }
        PoolRegistry.Pool pool = pools.acquire(db);
        try {
            return pool.connection().reEncryptSecrets(scope(tenant, db.isolation(), db.schema().orElse(null)));
        } finally {
            pool.release();
        }
    }

    @Override
    public Optional<io.tenantstore.MigrationStatus> migrationStatus(String slug) {
        return onTenantTarget(slug, (connection, scope) -> connection.migrationStatus(scope));
    }

    @Override
    public Optional<io.tenantstore.MigrationRun> migrate(String slug) {
        return onTenantTarget(slug, (connection, scope) -> connection.migrate(scope));
    }

    /** Runs {@code work} on the tenant's data source without binding the tenant; empty without a database. */
    private <T> Optional<T> onTenantTarget(String slug,
            java.util.function.BiFunction<AdapterConnection, TenantScope, T> work) {
        ensureOpen();
        Tenant tenant = controlPlane.tenants().getBySlug(slug).orElseThrow(() -> new TenantNotFoundException(
                "no tenant with slug " + Text.quote(slug)));
        DbConfig db = placedDatabaseOf(tenant);
        if (db == null) {
            return Optional.empty();
        }
        PoolRegistry.Pool pool = pools.acquire(db);
        try {
            return Optional.of(work.apply(pool.connection(), scope(tenant, db.isolation(), db.schema().orElse(null))));
        } finally {
            pool.release();
        }
    }

    private static String where(Tenant tenant, DbConfig db) {
        return switch (db.isolation()) {
            case SCHEMA -> "in schema " + scope(tenant, Isolation.SCHEMA, db.schema().orElse(null)).schema()
                    + " on " + db.url();
            case DATABASE -> "in its database " + db.url();
            case SHARED -> "in the shared tables of " + db.url();
        };
    }

    private void onPoolEvicted(PoolRegistry.Pool pool) {
        synchronized (cacheLock) {
            for (TenantAccess a : List.copyOf(bySlug.values())) {
                if (a.pool() == pool) {
                    bySlug.remove(a.slug(), a);
                    byId.remove(a.id(), a);
                    a.drop();
                    tenantEvictions.incrementAndGet();
                }
            }
        }
    }

    /** The steps of a maintenance round, each run on its own. */
    public enum MaintenanceStep {
        /** Other processes' control-plane writes (drops the tenants concerned). */
        CONTROL_PLANE_SCAN,
        /** Tenant accesses unused for the idle timeout are dropped. */
        TENANT_SWEEP,
        /** Pools no tenant holds are closed after the idle timeout. */
        IDLE_EVICTION,
        /** Pools are pinged; the ping also keeps short-lived credentials fresh. */
        HEALTH_CHECKS
    }

    /**
     * Opens the global database. With the files as the source it only holds their copy, so one that
     * does not answer does not stop the store: it runs on the files and copies once the database is
     * back (the copy is reported behind meanwhile).
     */
    private static ControlPlaneStore openGlobal(StoreSettings settings, NamedServices<StoreAdapter> adapters) {
        DbConfig db = settings.globalDb();
        java.util.function.Supplier<ControlPlaneStore> opener = () -> adapters.require(db.driver())
                .openControlPlaneStore(new AdapterConfig(db, settings.clock(), settings.executor(),
                        settings.passwordHasher(), List.of(), DataSecretCipher.none(), settings.meterRegistry()));
        try {
            return opener.get();
        } catch (UnavailableException e) {
            if (settings.controlPlaneSource() == io.tenantstore.ControlPlaneSource.DATABASE) {
                throw e;
            }
            LOG.warn("the control-plane copy in the globalDb ({} {}) does not answer: the store runs on the files"
                    + " and copies to it once it is back: {}", db.driver(), db.url(), e.getMessage());
            return new DeferredControlPlaneStore(opener, db.driver() + " " + db.url(), e);
        }
    }

    /**
     * One maintenance round: picks up control-plane changes made by other processes (dropping the
     * tenants concerned), drops tenant accesses unused for the idle timeout (releasing their
     * pools), closes idle pools and health-checks the others (which also refreshes credentials
     * that are due). Each step runs even when an earlier one failed: a failure is logged at WARN
     * and counted ({@link #maintenanceFailures()}), never thrown. Runs every
     * {@code healthCheckInterval}; tests call it directly.
     */
    public void maintain() {
        // Other processes' control-plane writes first, so their tenants are re-read below.
        step(MaintenanceStep.CONTROL_PLANE_SCAN, controlPlane::refresh);
        step(MaintenanceStep.TENANT_SWEEP, this::sweepTenants);
        step(MaintenanceStep.IDLE_EVICTION, pools::evictIdle);
        step(MaintenanceStep.HEALTH_CHECKS, pools::checkHealth);
    }

    private void step(MaintenanceStep step, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            maintenanceFailures.get(step).incrementAndGet();
            LOG.warn("maintenance step {} failed; the other steps run anyway: {}", step, e.toString());
        }
    }

    /** @return failed maintenance steps since start, by step */
    public Map<MaintenanceStep, Long> maintenanceFailures() {
        Map<MaintenanceStep, Long> out = new java.util.EnumMap<>(MaintenanceStep.class);
        maintenanceFailures.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private void sweepTenants() {
        java.time.Instant now = settings.clock().instant();
        // a use from here on stamps a reading this sweep has not seen
        UseClock.advance();
        synchronized (cacheLock) {
            for (TenantAccess a : List.copyOf(bySlug.values())) {
                if (a.sweep(now, settings.poolIdleTimeout())) {
                    bySlug.remove(a.slug(), a);
                    byId.remove(a.id(), a);
                    a.drop();
                    tenantEvictions.incrementAndGet();
                } else if (a.pool() != null) {
                    a.pool().touch(a.lastSeen());
                }
            }
        }
    }

    private void maintainQuietly() {
        try {
            maintain();
        } catch (RuntimeException | Error e) {
            // never let the scheduler cancel the periodic task
            LOG.warn("maintenance round failed: {}", e.toString());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new UnavailableException(UnavailableException.Reason.CLOSED, "the store is closed", null);
        }
    }

    @Override
    public ConfigAccess config() {
        return config;
    }

    @Override
    public OperationalMode mode() {
        return mode;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public PasswordHasher passwordHasher() {
        return settings.passwordHasher();
    }

    @Override
    public StoreStats stats() {
        return new StoreStats(pools.stats(), bySlug.size(), tenantEvictions.get(), pools.evictions());
    }

    /** @return breaker state per data source, for operators */
    public Map<DataSourceKey, CircuitBreaker.State> breakers() {
        return pools.breakerStates();
    }

    @Override
    public HealthReport health() {
        List<HealthReport.Check> checks = new ArrayList<>();
        checks.add(controlPlane.health());
        checks.add(cache.health());
        for (PoolRegistry.Pool p : pools.open()) {
            boolean ok;
            String detail;
            try {
                ok = p.connection().ping(PoolRegistry.PING_TIMEOUT);
                detail = ok ? "answered" : "did not answer within " + PoolRegistry.PING_TIMEOUT.toSeconds() + "s";
            } catch (RuntimeException e) {
                ok = false;
                detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            checks.add(new HealthReport.Check("pool " + p.key(), ok, detail));
        }
        return new HealthReport(checks);
    }

    @Override
    public void close() {
        synchronized (cacheLock) {
            if (closed) {
                return;
            }
            closed = true;
            bySlug.values().forEach(TenantAccess::drop);
            bySlug.clear();
            byId.clear();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        pools.close();
        cache.close();
        noDatabase.close();
        controlPlane.close();
        if (globalStore != null) {
            globalStore.close();
        }
        LOG.info("tenant store closed");
    }
}

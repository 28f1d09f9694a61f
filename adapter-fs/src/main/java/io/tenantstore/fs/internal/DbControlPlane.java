package io.tenantstore.fs.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.tenantstore.ConflictException;
import io.tenantstore.ErrorCode;
import io.tenantstore.HealthReport;
import io.tenantstore.NotLeaderException;
import io.tenantstore.StoreException;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.UnavailableException;
import io.tenantstore.core.yaml.EnvSecretResolver;
import io.tenantstore.core.yaml.SecretCodecs;
import io.tenantstore.core.yaml.SecretResolver;
import io.tenantstore.core.yaml.YamlLoader;
import io.tenantstore.core.yaml.YamlMap;
import io.tenantstore.repository.AdminRepository;
import io.tenantstore.repository.BrandingRepository;
import io.tenantstore.repository.ClientRepository;
import io.tenantstore.repository.ScopeRepository;
import io.tenantstore.repository.TenantRepository;
import io.tenantstore.spi.ControlPlane;
import io.tenantstore.spi.ControlPlaneConfig;
import io.tenantstore.spi.ControlPlaneStore;
import io.tenantstore.spi.ControlPlaneStore.Kind;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane kept in the global database ({@code controlPlane: { source: database }}):
 * the same documents, validation, secrets and rules as the files, with every write a
 * compare-and-set on the document's revision, so optimistic versions give
 * {@link ConflictException} across processes. Other processes' writes are picked up from the
 * change log every {@link #POLL_INTERVAL} (and at once where the engine pushes notifications);
 * the listeners then hear the tenant's slug. Thread-safe.
 */
public final class DbControlPlane implements ControlPlane {
    private static final Logger LOG = LoggerFactory.getLogger(DbControlPlane.class);
    /** How often the change log is polled for other processes' writes. Default: 250 ms. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /** Change-log entries read again on every poll, for writes that commit out of order. Default: 100. */
    static final int OVERLAP = 100;
    /** Most entries read by one poll. Default: 1,000. */
    static final int POLL_LIMIT = 1_000;
    /** How long change-log entries are kept. Default: 1 day. */
    static final Duration CHANGE_RETENTION = Duration.ofDays(1);
    /** Compare-and-set attempts of one write before it gives up. Default: 50. */
    static final int MAX_ATTEMPTS = 50;

    private final ControlPlaneStore store;
    private final boolean writer;
    private final Clock clock;
    private final SecretResolver secrets;
    private final ClientSecretHasher hasher;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final DbTenantRepository tenants;
    private final DbAdminRepository admins;
    private final BrandingRepository branding;
    private final io.tenantstore.repository.SigningKeyRepository signingKeys;
    private final Object pollLock = new Object();
    /** Guarded by pollLock: change-log positions already reported, above {@link #floor}. */
    private final TreeSet<Long> seen = new TreeSet<>();
    private long floor;
    private Instant lastPrune;
    private final @Nullable ScheduledExecutorService poller;
    private final @Nullable AutoCloseable subscription;
    private volatile @Nullable String pollFailure;
    private volatile boolean closed;

    /**
     * Opens over the store of {@code config}, with a background poll of the change log.
     *
     * @param config the control-plane config; its database store is required
     * @return the control plane
     */
    public static DbControlPlane open(ControlPlaneConfig config) {
        SecretResolver secrets = config.secretCodec().map(SecretCodecs::toResolver).orElseGet(EnvSecretResolver::system);
        ControlPlaneStore store = config.databaseStore().orElseThrow(() -> new io.tenantstore.StoreException(
                ErrorCode.CONFIGURATION, "the control-plane source is the database, but no globalDb is configured"));
        return new DbControlPlane(store, config.writer(), config.clock(), secrets, ClientSecretHasher.standard(), true);
    }

    DbControlPlane(ControlPlaneStore store, boolean writer, Clock clock, SecretResolver secrets,
                   ClientSecretHasher hasher, boolean background) {
        this.store = Objects.requireNonNull(store, "store");
        this.writer = writer;
        this.clock = clock;
        this.secrets = secrets;
        this.hasher = hasher;
        this.tenants = new DbTenantRepository(this);
        this.admins = new DbAdminRepository(this);
        this.branding = new DbBrandingRepository(this);
        this.signingKeys = new io.tenantstore.core.keys.SigningKeyService(new DbSigningKeyStore(store,
                () -> requireWriter("signingKeys"), this::fire), FsControlPlane.keyCodec(secrets), clock);
        this.floor = store.latestChange();
        this.lastPrune = clock.instant();
        if (background) {
            this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tenantstore-control-plane-poll");
                t.setDaemon(true);
                return t;
            });
            long period = POLL_INTERVAL.toMillis();
            poller.scheduleWithFixedDelay(this::pollQuietly, period, period, TimeUnit.MILLISECONDS);
            this.subscription = store.subscribe(this::fire).orElse(null);
        } else {
            this.poller = null;
            this.subscription = null;
        }
        LOG.info("opened control plane in {} as {}", store.describe(), writer ? "writer" : "reader");
    }

    @Override
    public TenantRepository tenants() {
        ensureOpen();
        return tenants;
    }

    @Override
    public AdminRepository admins() {
        ensureOpen();
        return admins;
    }

    @Override
    public BrandingRepository branding() {
        ensureOpen();
        return branding;
    }

    /** The signing keys in each tenant's keys document; every write goes to the change log. */
    @Override
    public io.tenantstore.repository.SigningKeyRepository signingKeys() {
        ensureOpen();
        return signingKeys;
    }

    @Override
    public ClientRepository clients(String slug) {
        return new DbClientRepository(this, existingTenant(slug));
    }

    @Override
    public ScopeRepository scopes(String slug) {
        return new DbScopeRepository(this, existingTenant(slug));
    }

    @Override
    public void addChangeListener(Consumer<String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Polls the change log now (the store's maintenance round calls it too). */
    @Override
    public void refresh() {
        if (!closed) {
            poll();
        }
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            if (pollFailure == null) {
                LOG.warn("control-plane change poll failed; retrying every {} ms: {}", POLL_INTERVAL.toMillis(),
                        e.toString());
            }
            pollFailure = e.getMessage();
        }
    }

    private void poll() {
        List<ControlPlaneStore.Change> changes;
        synchronized (pollLock) {
            // Read again the last entries already seen: a transaction that took its position
            // before another but committed after it is caught on a later poll.
            long from = Math.max(0, floor);
            changes = store.changesSince(from, POLL_LIMIT);
            List<String> fresh = new java.util.ArrayList<>();
            for (ControlPlaneStore.Change c : changes) {
                if (seen.add(c.seq())) {
                    fresh.add(c.slug());
                }
            }
            if (!seen.isEmpty()) {
                long newFloor = seen.last() - OVERLAP;
                if (newFloor > floor) {
                    floor = newFloor;
                    seen.headSet(floor, true).clear();
                }
            }
            pollFailure = null;
            for (String slug : new java.util.LinkedHashSet<>(fresh)) {
                fire(slug);
            }
        }
        Instant now = clock.instant();
        if (writer && Duration.between(lastPrune, now).compareTo(Duration.ofHours(1)) > 0) {
            lastPrune = now;
            int removed = store.pruneChanges(now.minus(CHANGE_RETENTION));
            LOG.debug("pruned {} control-plane change-log entries", removed);
        }
    }

    @Override
    public HealthReport.Check health() {
        if (closed) {
            return new HealthReport.Check("control-plane", false, "closed");
        }
        HealthReport.Check db = store.health();
        String failure = pollFailure;
        if (db.healthy() && failure != null) {
            return new HealthReport.Check("control-plane", false, "the last change poll failed: " + failure);
        }
        if (db.healthy()) {
            java.util.SortedMap<String, String> broken;
            try {
                broken = tenants.unreadable(); // reads the damaged ones again: a repair shows at once
            } catch (StoreException e) {
                return new HealthReport.Check("control-plane", false, "database: " + e.getMessage());
            }
            if (!broken.isEmpty()) {
                return new HealthReport.Check("control-plane", false, "unreadable tenant documents, skipped: "
                        + UnreadableTenants.describe(broken));
            }
        }
        return new HealthReport.Check("control-plane", db.healthy(), "database " + db.detail()
                + (writer ? " (writer)" : " (reader)"));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (poller != null) {
            poller.shutdownNow();
        }
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("closing the change subscription: {}", e.toString());
            }
        }
    }

    // ---- shared by the repositories ----

    ControlPlaneStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    SecretResolver secrets() {
        return secrets;
    }

    ClientSecretHasher hasher() {
        return hasher;
    }

    void ensureOpen() {
        if (closed) {
            throw new UnavailableException(UnavailableException.Reason.CLOSED, "the control plane in "
                    + store.describe() + " is closed", null);
        }
    }

    void requireWriter(String operation) {
        ensureOpen();
        if (!writer) {
            throw new NotLeaderException(operation + " is a write, and this process opened the control plane"
                    + " read-only (controlPlane: reader)");
        }
    }

    String existingTenant(String slug) {
        ensureOpen();
        Slugs.validate(slug);
        if (store.read(slug).isEmpty()) {
            throw notFound(slug);
        }
        return slug;
    }

    static TenantNotFoundException notFound(String slug) {
        return new TenantNotFoundException("no tenant with slug '" + slug + "'");
    }

    /** @return how messages name a tenant's document in the database */
    static String source(String slug, String file) {
        return "globalDb:tenants/" + slug + "/" + file;
    }

    /** @return the document parsed, or empty for an empty document */
    static Optional<YamlMap> parse(String text, String source) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(YamlLoader.DEFAULT.parseMapping(text, source));
    }

    /** The outcome of one read-modify-write: the new document text and the value to return. */
    record Edit<T>(String text, T value) {
    }

    /** A read-modify-write of one document; may throw to refuse. */
    @FunctionalInterface
    interface Editor<T> {
        Edit<T> apply(ControlPlaneStore.TenantDocuments current);
    }

    /**
     * Read-modify-write of one document of {@code slug} by compare-and-set on its revision,
     * retried when another writer got there first.
     *
     * @return the editor's value
     * @throws TenantNotFoundException when the tenant does not exist
     * @throws ConflictException       when the document kept changing under this writer
     */
    <T> T edit(String operation, String slug, Kind kind, Editor<T> editor) {
        requireWriter(operation);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ControlPlaneStore.TenantDocuments current = store.read(slug).orElseThrow(() -> notFound(slug));
            Edit<T> edit = editor.apply(current);
            long revision = current.get(kind).revision();
            long next = kind == Kind.TENANT ? nextVersionOf(edit) : revision + 1;
            if (store.replace(slug, kind, revision, new ControlPlaneStore.Document(next, edit.text()))) {
                fire(slug);
                return edit.value();
            }
        }
        throw new ConflictException(operation + " on tenant '" + slug + "' gave up after " + MAX_ATTEMPTS
                + " attempts: other writers kept changing it");
    }

    /**
     * Re-encrypts every {@code enc:} value of every tenant held in {@code store} under the
     * keyring's primary key (the middle step of a keyring rotation), one compare-and-set per
     * document, retried when another process wrote it in between. A tenant keeps its version;
     * each rewritten document goes to the change log, so running processes read it again.
     *
     * @param store   the control plane in the database
     * @param keyring holds the new primary key and every key values are currently under
     * @return how many values were re-encrypted
     * @throws io.tenantstore.SecretException naming tenant and field for a value no enabled key decrypts
     */
    public static int reEncryptSecrets(ControlPlaneStore store, io.tenantstore.core.secret.Keyring keyring) {
        int changed = 0;
        for (String slug : store.slugs()) {
            for (Kind kind : List.of(Kind.TENANT, Kind.CLIENTS, Kind.SCOPES)) {
                changed += reEncrypt(store, slug, kind, keyring);
            }
        }
        return changed;
    }

    private static int reEncrypt(ControlPlaneStore store, String slug, Kind kind,
                                 io.tenantstore.core.secret.Keyring keyring) {
        String file = switch (kind) {
            case TENANT -> TenantYaml.FILE;
            case CLIENTS -> ClientsYaml.FILE;
            case SCOPES -> ScopesYaml.FILE;
            case BRANDING -> BrandingFiles.FILE;
            case SIGNING_KEYS -> KeysYaml.FILE;
        };
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<ControlPlaneStore.TenantDocuments> docs = store.read(slug);
            if (docs.isEmpty()) {
                return 0; // deleted meanwhile: nothing left to re-encrypt
            }
            ControlPlaneStore.Document current = docs.get().get(kind);
            if (current.text().isBlank()) {
                return 0;
            }
            var result = io.tenantstore.core.yaml.EncryptedValues.reEncrypt(current.text(), source(slug, file), slug,
                    keyring);
            if (result.changed() == 0) {
                return 0;
            }
            // the tenant's revision is its version, which a re-encryption does not change
            long next = kind == Kind.TENANT ? current.revision() : current.revision() + 1;
            if (store.replace(slug, kind, current.revision(), new ControlPlaneStore.Document(next, result.text()))) {
                return result.changed();
            }
        }
        throw new ConflictException("re-encrypting " + file + " of tenant '" + slug + "' gave up after "
                + MAX_ATTEMPTS + " attempts: other writers kept changing it");
    }

    private static long nextVersionOf(Edit<?> edit) {
        if (edit.value() instanceof io.tenantstore.model.Tenant t) {
            return t.version();
        }
        throw new IllegalStateException("a tenant edit must return the tenant");
    }

    void fire(String slug) {
        if (ControlPlaneStore.ADMINS_CHANGE.equals(slug)) {
            return; // no tenant to invalidate: administrators are read from the database on every call
        }
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(slug);
            } catch (RuntimeException e) {
                LOG.warn("control-plane change listener failed for tenant {}", slug, e);
            }
        }
    }
}

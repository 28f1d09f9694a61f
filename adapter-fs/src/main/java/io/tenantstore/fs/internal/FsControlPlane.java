package io.tenantstore.fs.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.tenantstore.ErrorCode;
import io.tenantstore.HealthReport;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotLeaderException;
import io.tenantstore.StoreException;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.UnavailableException;
import io.tenantstore.core.yaml.EnvSecretResolver;
import io.tenantstore.core.yaml.SecretCodecs;
import io.tenantstore.core.yaml.SecretResolver;
import io.tenantstore.core.yaml.YamlLoader;
import io.tenantstore.core.yaml.YamlMap;
import io.tenantstore.repository.ClientRepository;
import io.tenantstore.repository.ScopeRepository;
import io.tenantstore.repository.TenantRepository;
import io.tenantstore.spi.ControlPlane;
import io.tenantstore.spi.ControlPlaneConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The YAML control plane over {@code <root>/tenants/<slug>/{tenant,clients,scopes}.yaml}.
 *
 * <p>Reads re-read the files (the control plane is a cold path; callers cache). Writes validate
 * everything first, then, under {@link WriteLock}, read-modify-write one file with
 * {@link AtomicFiles}. A reader ({@code writer=false}) raises {@link NotLeaderException} on every
 * write. Listeners hear the slug after each successful write by this process. Thread-safe.
 */
public final class FsControlPlane implements ControlPlane {
    private static final Logger LOG = LoggerFactory.getLogger(FsControlPlane.class);
    static final String TENANTS = "tenants";

    private final Path root;
    private final Path tenantsDir;
    private final boolean writer;
    private final Clock clock;
    private final SecretResolver secrets;
    private final ClientSecretHasher hasher;
    private final FsHooks hooks;
    private final WriteLock lock;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> adminListeners = new CopyOnWriteArrayList<>();
    // What each tenant's files looked like when last seen, to notice other processes' writes.
    private final Map<String, String> fingerprints = new ConcurrentHashMap<>();
    /** The last scan's error message, or {@code null} when it succeeded. */
    private volatile @Nullable String scanFailure;
    private final FsTenantRepository tenants;
    private final AdminFiles admins;
    private final BrandingFiles brandingFiles;
    private final io.tenantstore.repository.SigningKeyRepository signingKeys;
    private volatile boolean closed;

    /**
     * Opens with {@code ${ENV}} secrets from the process environment.
     *
     * @param config root, writer flag, clock
     * @return the control plane
     * @throws InvalidInputException when the root is unusable
     */
    public static FsControlPlane open(ControlPlaneConfig config) {
        return open(config, config.secretCodec().map(SecretCodecs::toResolver).orElseGet(EnvSecretResolver::system));
    }

    /**
     * Opens with a given secret resolver (a keyring, once configured).
     *
     * @param config  root, writer flag, clock
     * @param secrets resolves and writes secret references in tenant.yaml
     * @return the control plane
     * @throws InvalidInputException when the root is unusable
     */
    public static FsControlPlane open(ControlPlaneConfig config, SecretResolver secrets) {
        return new FsControlPlane(config, secrets, ClientSecretHasher.standard(), FsHooks.NONE);
    }

    FsControlPlane(ControlPlaneConfig config, SecretResolver secrets, ClientSecretHasher hasher, FsHooks hooks) {
        this.root = config.root().toAbsolutePath().normalize();
        this.tenantsDir = root.resolve(TENANTS);
        this.writer = config.writer();
        this.clock = config.clock();
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        if (writer) {
            try {
                Files.createDirectories(tenantsDir);
            } catch (IOException e) {
                throw new InvalidInputException("fsRoot " + root + " is unusable: cannot create " + tenantsDir
                        + " (" + e + ")", e);
            }
            if (!Files.isWritable(tenantsDir)) {
                throw new InvalidInputException("fsRoot " + root + " is unusable: " + tenantsDir + " is not writable");
            }
        } else if (!Files.isDirectory(root) || !Files.isReadable(root)) {
            throw new InvalidInputException("fsRoot " + root + " is unusable: not a readable directory");
        }
        this.lock = new WriteLock(root, hooks);
        this.tenants = new FsTenantRepository(this);
        this.admins = new AdminFiles(root, writer, clock, this::adminsWritten);
        this.brandingFiles = new BrandingFiles(root);
        this.signingKeys = new io.tenantstore.core.keys.SigningKeyService(new SigningKeyFiles(root,
                () -> requireWriter("signingKeys"), this::changed), keyCodec(secrets), clock);
        fingerprints.putAll(snapshot());
        LOG.info("opened control plane at {} as {}", root, writer ? "writer" : "reader");
    }

    @Override
    public TenantRepository tenants() {
        ensureOpen();
        return tenants;
    }

    @Override
    public io.tenantstore.repository.AdminRepository admins() {
        ensureOpen();
        return admins;
    }

    @Override
    public io.tenantstore.repository.BrandingRepository branding() {
        ensureOpen();
        return new io.tenantstore.repository.BrandingRepository() {
            @Override
            public io.tenantstore.model.TenantBranding get(String slug) {
                return brandingFiles.get(slug).toTenantBranding();
            }

            @Override
            public io.tenantstore.model.TenantBranding set(String slug, io.tenantstore.model.TenantBranding branding) {
                java.util.Objects.requireNonNull(branding, "branding");
                requireWriter("branding.set");
                brandingFiles.set(slug, io.tenantstore.fs.Branding.of(branding));
                listeners.forEach(l -> l.accept(slug));
                return branding;
            }
        };
    }

    /** The signing keys in each tenant's keys.yaml; a write tells the change listeners (the mirror copies it). */
    @Override
    public io.tenantstore.repository.SigningKeyRepository signingKeys() {
        ensureOpen();
        return signingKeys;
    }

    /**
     * @param secrets the control plane's secret resolver
     * @return the codec private signing keys are encrypted with, or null when there is no keyring
     */
    static io.tenantstore.spi.@Nullable SecretCodec keyCodec(SecretResolver secrets) {
        return secrets instanceof EnvSecretResolver ? null : SecretCodecs.toCodec(secrets);
    }

    @Override
    public ClientRepository clients(String slug) {
        return new FsClientRepository(this, existingTenant(slug));
    }

    @Override
    public ScopeRepository scopes(String slug) {
        return new FsScopeRepository(this, existingTenant(slug));
    }

    @Override
    public void addChangeListener(Consumer<String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Registers a listener called after every write of admins.yaml by this process (the mirror's
     * copy to the database).
     *
     * @param listener called on the writing thread; must not block
     */
    public void addAdminsListener(Runnable listener) {
        adminListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void adminsWritten() {
        for (Runnable listener : adminListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("administrators listener failed", e);
            }
        }
    }

    /**
     * Compares every tenant's files (identity, size and modification time of tenant.yaml,
     * clients.yaml and scopes.yaml) with what was seen last, and tells the listeners of each tenant
     * created, changed or deleted by another process. A scan costs a few file stats per tenant;
     * polling on the store's maintenance period works the same on every file system, including
     * network mounts where file-system events do not arrive.
     */
    @Override
    public void refresh() {
        if (closed) {
            return;
        }
        Map<String, String> now = snapshot();
        List<String> changed = new ArrayList<>();
        now.forEach((slug, print) -> {
            if (!print.equals(fingerprints.get(slug))) {
                changed.add(slug);
            }
        });
        for (String slug : fingerprints.keySet()) {
            if (!now.containsKey(slug)) {
                changed.add(slug);
            }
        }
        fingerprints.keySet().retainAll(now.keySet());
        fingerprints.putAll(now);
        for (String slug : changed) {
            LOG.debug("tenant {} was changed by another process", slug);
            fire(slug);
        }
    }

    private Map<String, String> snapshot() {
        Map<String, String> out = new java.util.HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tenantsDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Slugs.isSlug(name)) {
                    fingerprint(name).ifPresent(f -> out.put(name, f));
                }
            }
        } catch (NoSuchFileException e) {
            if (tenantsDirRequired()) {
                throw scanFailed(missingTenantsDir(e));
            }
            return out;
        } catch (IOException e) {
            throw scanFailed(io("scan " + TENANTS, e));
        }
        scanFailure = null;
        return out;
    }

    private StoreException scanFailed(StoreException e) {
        scanFailure = e.getMessage();
        return e;
    }

    /**
     * Whether a missing {@code tenants/} is an error rather than an empty control plane: for a
     * writer (which created it) and for any process that has seen tenants in it. A vanished
     * directory (a lost mount) must never read as every tenant deleted at once.
     */
    private boolean tenantsDirRequired() {
        return writer || !fingerprints.isEmpty();
    }

    private StoreException missingTenantsDir(IOException e) {
        return new StoreException(ErrorCode.INTERNAL, "control plane: " + tenantsDir + " is missing (a lost mount?);"
                + " the tenants already loaded keep serving, nothing is treated as deleted", e);
    }

    private Optional<String> fingerprint(String slug) {
        StringBuilder b = new StringBuilder();
        boolean any = false;
        for (String file : List.of(TenantYaml.FILE, "clients.yaml", "scopes.yaml")) {
            try {
                java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(dir(slug).resolve(file),
                        java.nio.file.attribute.BasicFileAttributes.class);
                b.append(a.fileKey()).append('/').append(a.size()).append('/')
                        .append(a.lastModifiedTime().toInstant()).append(';');
                any |= file.equals(TenantYaml.FILE);
            } catch (IOException e) {
                b.append("-;");
            }
        }
        return any ? Optional.of(b.toString()) : Optional.empty();
    }

    @Override
    public HealthReport.Check health() {
        boolean readable = Files.isDirectory(root) && Files.isReadable(root)
                && (!Files.exists(tenantsDir) || Files.isReadable(tenantsDir));
        if (!readable) {
            return new HealthReport.Check("control-plane", false, "fsRoot " + root + " is not readable");
        }
        if (tenantsDirRequired() && !Files.isDirectory(tenantsDir)) {
            return new HealthReport.Check("control-plane", false, tenantsDir + " is missing (a lost mount?);"
                    + " the tenants already loaded keep serving");
        }
        if (writer && !(Files.isDirectory(tenantsDir) && Files.isWritable(tenantsDir))) {
            return new HealthReport.Check("control-plane", false, "fsRoot " + root + " is not writable");
        }
        String failure = scanFailure;
        if (failure != null) {
            return new HealthReport.Check("control-plane", false, "the last scan failed: " + failure);
        }
        if (closed) {
            return new HealthReport.Check("control-plane", false, "closed");
        }
        java.util.SortedMap<String, String> broken = tenants.unreadable();
        if (!broken.isEmpty()) {
            return new HealthReport.Check("control-plane", false, "unreadable tenant files, skipped: "
                    + UnreadableTenants.describe(broken));
        }
        return new HealthReport.Check("control-plane", true,
                "fsRoot " + root + (writer ? " readable and writable" : " readable (reader)"));
    }

    @Override
    public void close() {
        closed = true;
    }

    // ---- shared by the repositories ----

    Clock clock() {
        return clock;
    }

    SecretResolver secrets() {
        return secrets;
    }

    ClientSecretHasher hasher() {
        return hasher;
    }

    FsHooks hooks() {
        return hooks;
    }

    Path tenantsDir() {
        return tenantsDir;
    }

    /** @param slug a validated slug @return its directory */
    Path dir(String slug) {
        return tenantsDir.resolve(slug);
    }

    /** @param slug a validated slug @param file a file name @return how messages name the file */
    static String source(String slug, String file) {
        return TENANTS + "/" + slug + "/" + file;
    }

    void ensureOpen() {
        if (closed) {
            throw new UnavailableException(UnavailableException.Reason.CLOSED, "the control plane at " + root
                    + " is closed", null);
        }
    }

    /**
     * @param operation the write, e.g. {@code tenants.create}
     * @throws NotLeaderException when this process is a reader
     */
    void requireWriter(String operation) {
        ensureOpen();
        if (!writer) {
            throw new NotLeaderException(operation + " is a write, and this process opened the control plane"
                    + " read-only (controlPlane: reader)");
        }
    }

    /**
     * Runs a write under the cross-process lock.
     *
     * @param operation names the write for messages
     * @param action    the read-modify-write
     * @param <T>       its result type
     * @return its result
     */
    <T> T write(String operation, WriteLock.Action<T, IOException> action) {
        requireWriter(operation);
        try {
            return lock.run(action);
        } catch (IOException e) {
            throw io(operation, e);
        }
    }

    /** Tells the listeners that {@code slug} changed (by this process). */
    /** Slugs whose tenant this process deleted (and has not created again). */
    private final java.util.Set<String> deletedHere = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** @param slug a tenant this process deleted ({@code deleted}) or created again */
    void deletedHere(String slug, boolean deleted) {
        if (deleted) {
            deletedHere.add(slug);
        } else {
            deletedHere.remove(slug);
        }
    }

    /** @return whether this process deleted the tenant of {@code slug} (a copy may remove it too) */
    boolean wasDeletedHere(String slug) {
        return deletedHere.contains(slug);
    }

    void changed(String slug) {
        // remember our own write, so the next refresh does not report it again
        fingerprint(slug).ifPresentOrElse(f -> fingerprints.put(slug, f), () -> fingerprints.remove(slug));
        fire(slug);
    }

    private void fire(String slug) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(slug);
            } catch (RuntimeException e) {
                // The write is done; a failing listener must not make it look failed.
                LOG.warn("control-plane change listener failed for tenant {}", slug, e);
            }
        }
    }

    /**
     * Reads and parses one file of a tenant.
     *
     * @param slug a validated slug
     * @param file the file name
     * @return its root mapping, or empty when the file does not exist
     */
    Optional<YamlMap> read(String slug, String file) {
        ensureOpen();
        try {
            return Optional.of(YamlLoader.DEFAULT.readMapping(dir(slug).resolve(file), source(slug, file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw io("read " + source(slug, file), e);
        }
    }

    /** @param slug a validated slug @return whether the tenant exists (its tenant.yaml does) */
    boolean exists(String slug) {
        return Files.isRegularFile(dir(slug).resolve(TenantYaml.FILE));
    }

    /**
     * @param slug any text
     * @return the slug, validated, of an existing tenant
     * @throws TenantNotFoundException when no such tenant
     */
    String existingTenant(String slug) {
        ensureOpen();
        Slugs.validate(slug);
        if (!exists(slug)) {
            throw new TenantNotFoundException("no tenant with slug '" + slug + "'");
        }
        return slug;
    }

    /** @return the slugs of the tenant directories, sorted */
    List<String> slugs() {
        ensureOpen();
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tenantsDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Slugs.isSlug(name) && exists(name)) {
                    out.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            if (tenantsDirRequired()) {
                throw missingTenantsDir(e);
            }
            return List.of();
        } catch (IOException e) {
            throw io("list " + TENANTS, e);
        }
        out.sort(null);
        return out;
    }

    /**
     * Re-encrypts every {@code enc:} value of every tenant's files under the keyring's primary key
     * (key rotation), under the write lock; text, comments and versions stay as they are.
     *
     * @param keyring the keyring whose primary key to encrypt under
     * @return how many values were re-encrypted
     * @throws io.tenantstore.SecretException naming tenant and field when a value cannot be decrypted,
     *         and {@link io.tenantstore.InvalidInputException} naming file and line for a file that does
     *         not parse; either way before any file is written
     */
    public int reEncryptSecrets(io.tenantstore.core.secret.Keyring keyring) {
        return write("re-encrypt secrets", () -> {
            // every file is read and re-encrypted in memory first: a damaged one (or a value no key
            // decrypts) stops the run before any file is written
            List<ReEncrypted> pending = new java.util.ArrayList<>();
            int changed = 0;
            for (String slug : slugs()) {
                for (String file : List.of(TenantYaml.FILE, "clients.yaml", "scopes.yaml")) {
                    Path path = dir(slug).resolve(file);
                    if (!Files.isRegularFile(path)) {
                        continue;
                    }
                    String text = Files.readString(path, java.nio.charset.StandardCharsets.UTF_8);
                    var result = io.tenantstore.core.yaml.EncryptedValues.reEncrypt(text, source(slug, file),
                            slug, keyring);
                    if (result.changed() > 0) {
                        pending.add(new ReEncrypted(slug, path, result.text()));
                        changed += result.changed();
                    }
                }
            }
            java.util.Set<String> touched = new java.util.LinkedHashSet<>();
            try {
                for (ReEncrypted r : pending) {
                    AtomicFiles.write(r.path(), r.text(), hooks);
                    touched.add(r.slug());
                }
            } finally {
                touched.forEach(this::changed); // the files written before a failed write are news too
            }
            return changed;
        });
    }

    /** A tenant file's new text, re-encrypted in memory and not written yet. */
    private record ReEncrypted(String slug, Path path, String text) {
    }

    /**
     * Replaces a file atomically and durably (temp file, fsync, rename, fsync the directory),
     * readable by its owner only: for keysets and store.yaml, which live beside the control plane.
     *
     * @param file    the file
     * @param content its new text
     * @throws IOException when a step fails; the file is then unchanged
     */
    public static void writeOwnerOnly(Path file, String content) throws IOException {
        AtomicFiles.write(file, content, FsHooks.NONE, "rw-------");
    }

    static StoreException io(String what, IOException e) {
        return new StoreException(ErrorCode.INTERNAL, "control plane: cannot " + what + ": " + e, e);
    }
}

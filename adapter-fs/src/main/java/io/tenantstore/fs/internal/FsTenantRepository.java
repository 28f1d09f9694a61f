package io.tenantstore.fs.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import io.tenantstore.ConflictException;
import io.tenantstore.InvalidInputException;
import io.tenantstore.StoreException;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.core.yaml.YamlMap;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.repository.TenantRepository;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenants as directories holding tenant.yaml, clients.yaml and scopes.yaml. Creation builds the
 * directory aside and renames it into place, so a tenant appears whole or not at all; deletion
 * renames it aside first, so it disappears at once. Thread-safe.
 */
final class FsTenantRepository implements TenantRepository {
    private static final Logger LOG = LoggerFactory.getLogger(FsTenantRepository.class);
    private static final String STAGING_PREFIX = ".new-";
    private static final String DELETED_PREFIX = ".deleted-";
    /** Directories of deleted tenants holding files that are not the control plane's (their data). */
    static final String KEPT_PREFIX = ".kept-";

    private final FsControlPlane plane;
    /** slug -> what the id index knows of its tenant.yaml; refreshed on a miss, by file identity. */
    private final Map<String, IndexEntry> index = new ConcurrentHashMap<>();
    private volatile Map<String, String> slugById = Map.of();

    private record IndexEntry(String id, @Nullable Object fileKey, FileTime modified, long size) {
    }

    private final UnreadableTenants unreadable = new UnreadableTenants(LOG);

    FsTenantRepository(FsControlPlane plane) {
        this.plane = plane;
    }

    /**
     * Every readable tenant. A tenant whose tenant.yaml cannot be read (corrupt, unreadable) is
     * skipped and reported (file and line, in the log and {@link #unreadable()}); one broken file
     * never hides the others.
     */
    @Override
    public List<Tenant> list() {
        List<Tenant> out = new ArrayList<>();
        for (String slug : plane.slugs()) {
            readOrSkip(slug).ifPresent(out::add);
        }
        return out;
    }

    /** @return the tenant, or empty (logged and remembered) when its file is broken */
    private Optional<Tenant> readOrSkip(String slug) {
        return unreadable.read(slug, () -> read(slug));
    }

    /**
     * Reads each tenant known to be unreadable once more, so a repaired or removed one drops out
     * (health checks call this too, and see a repair without a listing).
     *
     * @return slug to error (file:line) for each tenant whose file still cannot be read
     */
    @Override
    public java.util.SortedMap<String, String> unreadable() {
        for (String slug : unreadable.slugs()) {
            readOrSkip(slug); // repaired, or removed (nothing to read): no longer named
        }
        return unreadable.snapshot();
    }

    @Override
    public Optional<Tenant> getBySlug(String slug) {
        plane.ensureOpen();
        return read(Slugs.validate(slug));
    }

    @Override
    public Optional<Tenant> getById(String id) {
        plane.ensureOpen();
        Objects.requireNonNull(id, "id");
        Optional<Tenant> hit = byIndex(slugById, id);
        if (hit.isPresent()) {
            return hit;
        }
        return byIndex(refreshIndex(), id);
    }

    @Override
    public Tenant create(NewTenant t) {
        plane.requireWriter("tenants.create");
        String slug = Slugs.validate(t.slug());
        validate(t.name(), t.displayName(), t.settings());
        Instant now = plane.clock().instant();
        Tenant tenant = new Tenant(UUID.randomUUID().toString(), slug, t.name(), t.displayName(), t.settings(),
                t.database(), 1, now, now);
        // Everything is rendered (secrets included) before the lock, so bad input writes nothing.
        String tenantText = TenantYaml.write(tenant, plane.secrets(), FsControlPlane.source(slug, TenantYaml.FILE));
        String clientsText = ClientsYaml.write(List.of());
        String scopesText = ScopesYaml.write(ScopesYaml.SYSTEM);
        plane.write("tenants.create", () -> {
            Path dir = plane.dir(slug);
            if (plane.exists(slug)) {
                throw new ConflictException("tenant '" + slug + "' already exists");
            }
            // administrators bound to the slug with no tenant (a copy that kept them, a hand edit) are
            // not the new tenant's: they go before it exists (under this lock, no tenant of it appears)
            ((AdminsYaml) plane.admins()).deleteStrays(slug, () -> false);
            removeStrays();
            plane.deletedHere(slug, false);
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                // a directory without tenant.yaml (a tenant.yaml removed by hand, say): whatever it
                // holds is kept aside, and the new tenant starts from an empty directory
                setAside(slug, dir);
            }
            Path staging = plane.tenantsDir().resolve(STAGING_PREFIX + slug + "-" + AtomicFiles.randomHex());
            Files.createDirectory(staging);
            try {
                AtomicFiles.write(staging.resolve(ScopesYaml.FILE), scopesText, plane.hooks());
                AtomicFiles.write(staging.resolve(ClientsYaml.FILE), clientsText, plane.hooks());
                AtomicFiles.write(staging.resolve(TenantYaml.FILE), tenantText, plane.hooks());
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                try {
                    AtomicFiles.deleteTree(staging);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            AtomicFiles.syncDirectory(plane.tenantsDir());
            return tenant;
        });
        LOG.info("created tenant {} ({})", slug, tenant.id());
        plane.changed(slug);
        return tenant;
    }

    @Override
    public Tenant update(Tenant t) {
        plane.requireWriter("tenants.update");
        String slug = Slugs.validate(t.slug());
        validate(t.name(), t.displayName(), t.settings());
        Tenant stored = plane.write("tenants.update", () -> {
            Tenant current = read(slug).orElseThrow(() -> notFound(slug));
            if (current.version() != t.version()) {
                throw ConflictException.staleVersion("tenant '" + slug + "'", t.version(), current.version());
            }
            if (!current.id().equals(t.id())) {
                throw new InvalidInputException("tenant '" + slug + "' has id " + current.id()
                        + "; an update cannot change it to '" + YamlMap.quote(t.id()) + "'");
            }
            return writeNext(current, t.name(), t.displayName(), t.settings(), t.database());
        });
        plane.changed(slug);
        return stored;
    }

    @Override
    public Tenant updateSettings(String slug, UnaryOperator<TenantSettings> change) {
        plane.requireWriter("tenants.updateSettings");
        Slugs.validate(slug);
        Objects.requireNonNull(change, "change");
        Tenant stored = plane.write("tenants.updateSettings", () -> {
            Tenant current = read(slug).orElseThrow(() -> notFound(slug));
            TenantSettings next = change.apply(current.settings());
            if (next == null) {
                throw new InvalidInputException("the settings change for tenant '" + slug + "' returned null");
            }
            TenantYaml.validSettings(next);
            return writeNext(current, current.name(), current.displayName(), next, current.database());
        });
        plane.changed(slug);
        return stored;
    }

    @Override
    public boolean delete(String slug) {
        plane.requireWriter("tenants.delete");
        Slugs.validate(slug);
        boolean deleted = plane.write("tenants.delete", () -> {
            Path dir = plane.dir(slug);
            if (!plane.exists(slug)) {
                return false;
            }
            removeStrays();
            // first, under the same lock: no administrator of it outlives it to serve a later tenant of the slug
            int admins = ((AdminsYaml) plane.admins()).deleteForTenant(slug);
            if (admins > 0) {
                LOG.info("removed {} administrator(s) of tenant {}", admins, slug);
            }
            setAside(slug, dir);
            return true;
        });
        if (deleted) {
            index.remove(slug);
            LOG.info("deleted tenant {}", slug);
            plane.deletedHere(slug, true);
            plane.changed(slug);
        }
        return deleted;
    }

    // ---- helpers ----

    /** The files the control plane keeps in a tenant's directory; anything else there is not ours. */
    private static final List<String> CONTROL_PLANE_FILES = List.of(TenantYaml.FILE, ClientsYaml.FILE,
            ScopesYaml.FILE, KeysYaml.FILE, BrandingFiles.FILE);

    /**
     * Takes a tenant's directory away from its slug in one rename, so the tenant is gone at once and
     * a later tenant of the slug starts from nothing of it. What the control plane did not write
     * there (the embedded default keeps each tenant's SQLite file in it) is kept, under
     * {@code tenants/.kept-<slug>-<random>/}; the control plane's own files are removed.
     */
    private void setAside(String slug, Path dir) throws IOException {
        setAside(plane.tenantsDir(), slug, dir);
    }

    /**
     * @param tenantsDir the {@code tenants/} directory
     * @param slug       the tenant
     * @param dir        its directory
     * @throws IOException when the rename fails (then nothing changed)
     * @see #setAside(String, Path)
     */
    static void setAside(Path tenantsDir, String slug, Path dir) throws IOException {
        Path kept = tenantsDir.resolve(KEPT_PREFIX + slug + "-" + AtomicFiles.randomHex());
        Files.move(dir, kept, StandardCopyOption.ATOMIC_MOVE); // from here the tenant is gone: nothing below fails it
        try {
            AtomicFiles.syncDirectory(tenantsDir);
            removeControlPlaneFiles(kept);
            boolean empty;
            try (java.util.stream.Stream<Path> rest = Files.list(kept)) {
                empty = rest.findAny().isEmpty();
            }
            if (empty) {
                Files.delete(kept);
            } else {
                LOG.info("tenant {}: its files that are not the control plane's (its data) are kept in {}", slug,
                        kept);
            }
        } catch (IOException e) {
            // the tenant is gone already; what is left stays under the kept name, never under the slug
            LOG.warn("tenant {} set aside in {}, but removing its control-plane files failed: {}", slug, kept,
                    e.toString());
        }
    }

    /** Removes the control plane's files (and their temp files) from a directory set aside. */
    private static void removeControlPlaneFiles(Path dir) throws IOException {
        for (String file : CONTROL_PLANE_FILES) {
            Files.deleteIfExists(dir.resolve(file));
        }
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(".") && n.endsWith(AtomicFiles.TEMP_SUFFIX)
                    && CONTROL_PLANE_FILES.stream().anyMatch(f -> n.startsWith("." + f + "."));
        })) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        }
    }

    Optional<Tenant> read(String slug) {
        return plane.read(slug, TenantYaml.FILE).map(m -> TenantYaml.read(m, slug, plane.secrets()));
    }

    private Tenant writeNext(Tenant current, String name, String displayName, TenantSettings settings,
                             TenantDatabase database) throws IOException {
        Tenant next = new Tenant(current.id(), current.slug(), name, displayName, settings, database,
                current.version() + 1, current.createdAt(), plane.clock().instant());
        String source = FsControlPlane.source(current.slug(), TenantYaml.FILE);
        String text = TenantYaml.write(next, plane.secrets(), source);
        AtomicFiles.write(plane.dir(current.slug()).resolve(TenantYaml.FILE), text, plane.hooks());
        return next;
    }

    private static void validate(String name, String displayName, TenantSettings settings) {
        InputRules.name("tenant name", name);
        InputRules.name("tenant displayName", displayName);
        TenantYaml.validSettings(settings);
    }

    private static TenantNotFoundException notFound(String slug) {
        return new TenantNotFoundException("no tenant with slug '" + slug + "'");
    }

    private Optional<Tenant> byIndex(Map<String, String> byId, String id) {
        String slug = byId.get(id);
        if (slug == null) {
            return Optional.empty();
        }
        return read(slug).filter(t -> t.id().equals(id));
    }

    /**
     * Brings the id index up to date: one directory listing and one stat per tenant; only
     * tenant.yaml files whose identity, time or size changed are parsed again.
     */
    private synchronized Map<String, String> refreshIndex() {
        List<String> slugs = plane.slugs();
        index.keySet().retainAll(slugs);
        for (String slug : slugs) {
            Path file = plane.dir(slug).resolve(TenantYaml.FILE);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                index.remove(slug);
                continue;
            } catch (IOException e) {
                throw FsControlPlane.io("read " + FsControlPlane.source(slug, TenantYaml.FILE), e);
            }
            IndexEntry known = index.get(slug);
            if (known == null || !Objects.equals(known.fileKey(), attrs.fileKey())
                    || !known.modified().equals(attrs.lastModifiedTime()) || known.size() != attrs.size()) {
                Optional<String> id;
                try {
                    id = plane.read(slug, TenantYaml.FILE).map(TenantYaml::id);
                    unreadable.read(slug);
                } catch (StoreException e) {
                    // a broken file hides only its own tenant from lookups by id
                    unreadable.failed(slug, e);
                    index.remove(slug);
                    continue;
                }
                if (id.isEmpty()) {
                    index.remove(slug);
                    continue;
                }
                index.put(slug, new IndexEntry(id.get(), attrs.fileKey(), attrs.lastModifiedTime(), attrs.size()));
            }
        }
        Map<String, String> byId = new HashMap<>();
        index.forEach((slug, entry) -> byId.put(entry.id(), slug));
        slugById = Map.copyOf(byId);
        return slugById;
    }

    /** Removes staging and deleted directories a crashed writer left; only under the write lock. */
    private void removeStrays() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(plane.tenantsDir(),
                p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith(STAGING_PREFIX) || n.startsWith(DELETED_PREFIX);
                })) {
            for (Path stray : entries) {
                AtomicFiles.deleteTree(stray);
                LOG.info("removed {} left by an interrupted write", stray);
            }
        }
    }
}

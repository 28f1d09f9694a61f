package io.tenantstore.fs.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.tenantstore.ConflictException;
import io.tenantstore.InvalidInputException;
import io.tenantstore.StoreException;
import io.tenantstore.core.yaml.YamlMap;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.repository.TenantRepository;
import io.tenantstore.spi.ControlPlaneStore;
import io.tenantstore.spi.ControlPlaneStore.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenants kept in the global database: tenant.yaml text per tenant, its version the row's
 * revision, so a stale update fails the compare-and-set and reads the version that won. Thread-safe.
 */
final class DbTenantRepository implements TenantRepository {
    private static final Logger LOG = LoggerFactory.getLogger(DbTenantRepository.class);
    private final DbControlPlane plane;
    private final UnreadableTenants unreadable = new UnreadableTenants(LOG);

    DbTenantRepository(DbControlPlane plane) {
        this.plane = plane;
    }

    /** Every readable tenant; one whose stored document cannot be read is skipped and logged. */
    @Override
    public List<Tenant> list() {
        plane.ensureOpen();
        List<Tenant> out = new ArrayList<>();
        for (String slug : plane.store().slugs()) {
            parseOrSkip(slug, plane.store().read(slug)).ifPresent(out::add);
        }
        return out;
    }

    /**
     * @param docs the tenant's documents as read (a failure to read them, the database down, is
     *             not a damaged tenant: it propagates from the read)
     * @return the tenant, or empty when it is gone or (logged and remembered) its document does not parse
     */
    private Optional<Tenant> parseOrSkip(String slug, Optional<ControlPlaneStore.TenantDocuments> docs) {
        return unreadable.read(slug, () -> docs.map(this::parse));
    }

    /**
     * Reads each tenant known to be unreadable once more, so a repaired or removed one drops out
     * (the health check calls this too, and sees a repair without a listing).
     *
     * @return slug to error for each tenant whose document still cannot be read
     */
    @Override
    public java.util.SortedMap<String, String> unreadable() {
        for (String slug : unreadable.slugs()) {
            parseOrSkip(slug, plane.store().read(slug));
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
        return plane.store().slugOfId(id).flatMap(this::read).filter(t -> t.id().equals(id));
    }

    @Override
    public Tenant create(NewTenant t) {
        plane.requireWriter("tenants.create");
        String slug = Slugs.validate(t.slug());
        validate(t.name(), t.displayName(), t.settings());
        Instant now = plane.clock().instant();
        Tenant tenant = new Tenant(UUID.randomUUID().toString(), slug, t.name(), t.displayName(), t.settings(),
                t.database(), 1, now, now);
        // rendered (secrets encrypted) before anything is written, so bad input writes nothing
        String text = TenantYaml.write(tenant, plane.secrets(), DbControlPlane.source(slug, TenantYaml.FILE));
        if (plane.store().read(slug).isPresent()) {
            throw new ConflictException("tenant '" + slug + "' already exists");
        }
        // administrators bound to the slug with no tenant (an import that kept them, a hand edit) are
        // not the new tenant's: they go before it exists (unless another process created it meanwhile)
        ((AdminsYaml) plane.admins()).deleteStrays(slug, () -> plane.store().read(slug).isPresent());
        plane.store().create(new ControlPlaneStore.TenantDocuments(slug, tenant.id(),
                new ControlPlaneStore.Document(1, text),
                new ControlPlaneStore.Document(1, ClientsYaml.write(List.of())),
                new ControlPlaneStore.Document(1, ScopesYaml.write(ScopesYaml.SYSTEM))));
        LOG.info("created tenant {} ({})", slug, tenant.id());
        plane.fire(slug);
        return tenant;
    }

    @Override
    public Tenant update(Tenant t) {
        plane.requireWriter("tenants.update");
        String slug = Slugs.validate(t.slug());
        validate(t.name(), t.displayName(), t.settings());
        return plane.edit("tenants.update", slug, Kind.TENANT, docs -> {
            Tenant current = parse(docs);
            if (current.version() != t.version()) {
                throw ConflictException.staleVersion("tenant '" + slug + "'", t.version(), current.version());
            }
            if (!current.id().equals(t.id())) {
                throw new InvalidInputException("tenant '" + slug + "' has id " + current.id()
                        + "; an update cannot change it to '" + YamlMap.quote(t.id()) + "'");
            }
            return next(current, t.name(), t.displayName(), t.settings(), t.database());
        });
    }

    @Override
    public Tenant updateSettings(String slug, UnaryOperator<TenantSettings> change) {
        plane.requireWriter("tenants.updateSettings");
        Slugs.validate(slug);
        Objects.requireNonNull(change, "change");
        return plane.edit("tenants.updateSettings", slug, Kind.TENANT, docs -> {
            Tenant current = parse(docs);
            TenantSettings next = change.apply(current.settings());
            if (next == null) {
                throw new InvalidInputException("the settings change for tenant '" + slug + "' returned null");
            }
            TenantYaml.validSettings(next);
            return next(current, current.name(), current.displayName(), next, current.database());
        });
    }

    @Override
    public boolean delete(String slug) {
        plane.requireWriter("tenants.delete");
        Slugs.validate(slug);
        // first: should the tenant's delete fail after this, no administrator of it is left for a
        // later tenant of the slug either way (for a slug with no tenant, this clears strays)
        int admins = ((AdminsYaml) plane.admins()).deleteForTenant(slug);
        if (admins > 0) {
            LOG.info("removed {} administrator(s) of tenant {}", admins, slug);
        }
        boolean deleted = plane.store().delete(slug);
        try {
            if (deleted) {
                // and again after: an administrator added meanwhile (its check saw the tenant) is
                // removed; this write moves the document's revision, so an add that read it before
                // fails its compare-and-set, checks again and finds no tenant
                int late = ((AdminsYaml) plane.admins()).deleteForTenant(slug, true);
                if (late > 0) {
                    LOG.info("removed {} administrator(s) added to tenant {} while it was deleted", late, slug);
                }
            }
        } finally {
            if (deleted) {
                LOG.info("deleted tenant {}", slug);
                plane.fire(slug);
            }
        }
        return deleted;
    }

    // ---- helpers ----

    private Optional<Tenant> read(String slug) {
        return plane.store().read(slug).map(this::parse);
    }

    private Tenant parse(ControlPlaneStore.TenantDocuments docs) {
        String source = DbControlPlane.source(docs.slug(), TenantYaml.FILE);
        return DbControlPlane.parse(docs.tenant().text(), source)
                .map(m -> TenantYaml.read(m, docs.slug(), plane.secrets()))
                .orElseThrow(() -> new StoreException(io.tenantstore.ErrorCode.INTERNAL, source + " is empty"));
    }

    private DbControlPlane.Edit<Tenant> next(Tenant current, String name, String displayName, TenantSettings settings,
                                             io.tenantstore.model.TenantDatabase database) {
        Tenant next = new Tenant(current.id(), current.slug(), name, displayName, settings, database,
                current.version() + 1, current.createdAt(), plane.clock().instant());
        return new DbControlPlane.Edit<>(TenantYaml.write(next, plane.secrets(),
                DbControlPlane.source(current.slug(), TenantYaml.FILE)), next);
    }

    private static void validate(String name, String displayName, TenantSettings settings) {
        InputRules.name("tenant name", name);
        InputRules.name("tenant displayName", displayName);
        TenantYaml.validSettings(settings);
    }
}

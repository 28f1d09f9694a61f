package io.tenantstore.fs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.tenantstore.ConflictException;
import io.tenantstore.HealthReport;
import io.tenantstore.UnavailableException;
import io.tenantstore.spi.ControlPlaneStore;

/** A control-plane database in memory for unit tests; can be made to fail every call. Thread-safe. */
final class InMemoryControlPlaneStore implements ControlPlaneStore {
    private final Map<String, TenantDocuments> tenants = new TreeMap<>();
    private final List<Change> log = new ArrayList<>();
    private Document admins = new Document(0, "");
    volatile boolean down;
    /** Only the reads of a tenant's documents fail (the database went down after the slugs were listed). */
    volatile boolean readsDown;
    /** Runs once, at the next {@link #replaceAdmins}, before its compare-and-set. */
    volatile Runnable beforeAdminsReplace;

    private void check() {
        if (down) {
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "in-memory store is down", null);
        }
    }

    private void logChange(String slug) {
        log.add(new Change(latestChange() + 2, slug));
    }

    @Override
    public synchronized List<String> slugs() {
        check();
        return List.copyOf(tenants.keySet());
    }

    @Override
    public synchronized Optional<TenantDocuments> read(String slug) {
        check();
        if (readsDown) {
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "in-memory store is down", null);
        }
        return Optional.ofNullable(tenants.get(slug));
    }

    @Override
    public synchronized Optional<String> slugOfId(String id) {
        check();
        return tenants.values().stream().filter(d -> d.id().equals(id)).map(TenantDocuments::slug).findFirst();
    }

    @Override
    public synchronized void create(TenantDocuments docs) {
        check();
        if (tenants.containsKey(docs.slug()) || slugOfId(docs.id()).isPresent()) {
            throw new ConflictException("tenant '" + docs.slug() + "' already exists");
        }
        tenants.put(docs.slug(), docs);
        logChange(docs.slug());
    }

    @Override
    public synchronized boolean replace(String slug, Kind kind, long expectedRevision, Document next) {
        check();
        TenantDocuments d = tenants.get(slug);
        if (d == null || d.get(kind).revision() != expectedRevision) {
            return false;
        }
        tenants.put(slug, new TenantDocuments(slug, d.id(), kind == Kind.TENANT ? next : d.tenant(),
                kind == Kind.CLIENTS ? next : d.clients(), kind == Kind.SCOPES ? next : d.scopes(),
                kind == Kind.BRANDING ? next : d.branding(), kind == Kind.SIGNING_KEYS ? next : d.signingKeys()));
        logChange(slug);
        return true;
    }

    @Override
    public synchronized boolean delete(String slug) {
        check();
        boolean deleted = tenants.remove(slug) != null;
        if (deleted) {
            logChange(slug);
        }
        return deleted;
    }

    @Override
    public synchronized void put(TenantDocuments docs) {
        check();
        slugOfId(docs.id()).filter(s -> !s.equals(docs.slug())).ifPresent(this::delete);
        tenants.put(docs.slug(), docs);
        logChange(docs.slug());
    }

    @Override
    public synchronized Document admins() {
        check();
        return admins;
    }

    @Override
    public synchronized boolean replaceAdmins(long expectedRevision, Document next) {
        check();
        Runnable hook = beforeAdminsReplace;
        beforeAdminsReplace = null;
        if (hook != null) {
            hook.run(); // another writer gets in between this writer's read and its compare-and-set
        }
        if (admins.revision() != expectedRevision) {
            return false;
        }
        admins = next;
        logChange(ADMINS_CHANGE);
        return true;
    }

    @Override
    public synchronized void putAdmins(Document doc) {
        check();
        admins = doc;
        logChange(ADMINS_CHANGE);
    }

    @Override
    public synchronized long latestChange() {
        check();
        return log.stream().mapToLong(Change::seq).max().orElse(0);
    }

    @Override
    public synchronized List<Change> changesSince(long after, int limit) {
        check();
        return log.stream().filter(c -> c.seq() > after).sorted(java.util.Comparator.comparingLong(Change::seq))
                .limit(limit).toList();
    }

    /**
     * Adds a log entry just below the highest one, as a transaction that took its position early
     * and committed late would leave it (positions go up by two, so there is always room).
     *
     * @param slug the tenant
     */
    synchronized void insertLate(String slug) {
        long top = log.isEmpty() ? 0 : log.get(log.size() - 1).seq();
        log.add(new Change(top - 1, slug));
    }

    @Override
    public String describe() {
        return "in-memory";
    }

    @Override
    public HealthReport.Check health() {
        return new HealthReport.Check("control-plane database", !down, down ? "down" : "up");
    }

    @Override
    public void close() {
    }
}

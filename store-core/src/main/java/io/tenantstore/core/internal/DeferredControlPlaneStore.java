package io.tenantstore.core.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.tenantstore.HealthReport;
import io.tenantstore.UnavailableException;
import io.tenantstore.spi.ControlPlaneStore;
import org.jspecify.annotations.Nullable;

/**
 * The copy of a control plane kept on files, in a global database that did not answer when the
 * store opened: the store runs on the files, and each call here tries to open the database again
 * (at most once per {@link #RETRY_EVERY_NANOS}); until it answers, calls fail with the
 * {@link UnavailableException} of the last attempt, which the mirror counts as a copy still due.
 * Thread-safe.
 */
final class DeferredControlPlaneStore implements ControlPlaneStore {
    /** Least time between two attempts to open the database: one second. */
    static final long RETRY_EVERY_NANOS = 1_000_000_000L;

    private final Supplier<ControlPlaneStore> opener;
    private final String description;
    /** Held by the one caller trying to open the database; the others fail at once meanwhile. */
    private final java.util.concurrent.locks.ReentrantLock opening = new java.util.concurrent.locks.ReentrantLock();
    private volatile @Nullable ControlPlaneStore open;
    private volatile UnavailableException lastFailure;
    private volatile long lastAttempt;
    private volatile boolean closed;

    /**
     * @param opener      opens the database (throws {@link UnavailableException} while it is down)
     * @param description names the database in messages, before it is open
     * @param failure     why the first attempt failed
     */
    DeferredControlPlaneStore(Supplier<ControlPlaneStore> opener, String description, UnavailableException failure) {
        this.opener = opener;
        this.description = description;
        this.lastFailure = failure;
        this.lastAttempt = System.nanoTime();
    }

    private ControlPlaneStore store() {
        ControlPlaneStore store = open;
        if (store != null) {
            return store;
        }
        if (closed) {
            throw new UnavailableException(UnavailableException.Reason.CLOSED, "the control-plane copy in "
                    + description + " is closed", null);
        }
        // one caller at a time tries (a connect may take the driver's whole timeout), at most once a second
        if (System.nanoTime() - lastAttempt >= RETRY_EVERY_NANOS && opening.tryLock()) {
            try {
                if (open == null && !closed && System.nanoTime() - lastAttempt >= RETRY_EVERY_NANOS) {
                    lastAttempt = System.nanoTime();
                    try {
                        open = opener.get();
                    } catch (UnavailableException e) {
                        lastFailure = e;
                    }
                }
            } finally {
                opening.unlock();
            }
            store = open;
            if (store != null && !closed) {
                return store; // close() waits for an attempt under way, then closes what it opened
            }
        }
        throw lastFailure;
    }

    @Override
    public List<String> slugs() {
        return store().slugs();
    }

    @Override
    public Optional<TenantDocuments> read(String slug) {
        return store().read(slug);
    }

    @Override
    public Optional<String> slugOfId(String id) {
        return store().slugOfId(id);
    }

    @Override
    public void create(TenantDocuments docs) {
        store().create(docs);
    }

    @Override
    public boolean replace(String slug, Kind kind, long expectedRevision, Document next) {
        return store().replace(slug, kind, expectedRevision, next);
    }

    @Override
    public boolean delete(String slug) {
        return store().delete(slug);
    }

    @Override
    public void put(TenantDocuments docs) {
        store().put(docs);
    }

    @Override
    public Document admins() {
        return store().admins();
    }

    @Override
    public boolean replaceAdmins(long expectedRevision, Document next) {
        return store().replaceAdmins(expectedRevision, next);
    }

    @Override
    public void putAdmins(Document doc) {
        store().putAdmins(doc);
    }

    @Override
    public long latestChange() {
        return store().latestChange();
    }

    @Override
    public List<Change> changesSince(long after, int limit) {
        return store().changesSince(after, limit);
    }

    @Override
    public int pruneChanges(Instant before) {
        return store().pruneChanges(before);
    }

    @Override
    public Optional<AutoCloseable> subscribe(Consumer<String> onChange) {
        return store().subscribe(onChange);
    }

    @Override
    public String describe() {
        ControlPlaneStore store = open;
        return store != null ? store.describe() : description;
    }

    @Override
    public HealthReport.Check health() {
        try {
            return store().health();
        } catch (UnavailableException e) {
            return new HealthReport.Check("control-plane copy", false, e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        opening.lock(); // an attempt under way finishes first
        try {
            ControlPlaneStore store = open;
            if (store != null) {
                store.close();
            }
        } finally {
            opening.unlock();
        }
    }

    @Override
    public String toString() {
        return "DeferredControlPlaneStore[" + describe() + "]";
    }
}

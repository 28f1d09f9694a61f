package io.tenantstore.fs.internal;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.tenantstore.HealthReport;
import io.tenantstore.repository.AdminRepository;
import io.tenantstore.repository.BrandingRepository;
import io.tenantstore.repository.ClientRepository;
import io.tenantstore.repository.ScopeRepository;
import io.tenantstore.repository.TenantRepository;
import io.tenantstore.spi.ControlPlane;
import io.tenantstore.spi.ControlPlaneStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files as the source, with a copy in the global database ({@code controlPlane.source: files}
 * and a {@code globalDb}): every write goes to the files, then, in the same call, the tenant's
 * documents (branding and signing keys included) or the administrators are copied to the database. A copy that fails (database down, process killed between
 * the two) is detected and repaired: failed tenants are remembered and copied again on the next
 * maintenance round, and every {@value #FULL_CHECK_EVERY}th round (and at open) all tenants are
 * compared. Only a writer copies; a reader reads the files. Thread-safe.
 */
public final class MirroredControlPlane implements ControlPlane {
    private static final Logger LOG = LoggerFactory.getLogger(MirroredControlPlane.class);
    /** Maintenance rounds between two full comparisons of files and database. Default: 20. */
    static final int FULL_CHECK_EVERY = 20;

    private final FsControlPlane files;
    private final ControlPlaneStore database;
    private final Path root;
    private final boolean writer;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicInteger rounds = new AtomicInteger();
    private volatile boolean fullCheckDue;
    private volatile boolean adminsPending;
    private volatile String lastFailure;

    /**
     * @param files    the files (the truth)
     * @param database the copy
     * @param root     the files' root
     * @param writer   whether this process writes (only a writer copies)
     */
    public MirroredControlPlane(FsControlPlane files, ControlPlaneStore database, Path root, boolean writer) {
        this.files = files;
        this.database = database;
        this.root = root.toAbsolutePath().normalize();
        this.writer = writer;
        if (writer) {
            // first listener: the copy is made before the store hears of the change
            files.addChangeListener(this::copy);
            files.addAdminsListener(this::copyAdmins);
            repairAll();
        }
    }

    private void copy(String slug) {
        try {
            ControlPlaneCopy.mirror(root, database, slug, files::wasDeletedHere);
            pending.remove(slug);
        } catch (RuntimeException e) {
            pending.add(slug);
            lastFailure = e.getMessage();
            LOG.warn("tenant {} was written to the files but not copied to {}; repaired on the next round: {}", slug,
                    database.describe(), e.toString());
        }
    }

    private void copyAdmins() {
        try {
            ControlPlaneCopy.mirrorAdmins(root, database);
            adminsPending = false;
        } catch (RuntimeException e) {
            adminsPending = true;
            lastFailure = e.getMessage();
            LOG.warn("the administrators were written to the files but not copied to {}; repaired on the next round:"
                    + " {}", database.describe(), e.toString());
        }
    }

    private void repairAll() {
        try {
            // what this process wrote (or removed) and could not copy yet goes first
            for (String slug : Set.copyOf(pending)) {
                copy(slug);
            }
            // then the rest is compared, but a tenant only the copy holds is left there and reported: the
            // files may be what was lost (an empty volume mounted in their place), and removing tenants
            // from the copy is the operator's call (control-plane sync)
            ControlPlaneCopy.Report r = ControlPlaneCopy.toDatabase(root, database, false, true, true, line -> { });
            if (!r.inSync()) {
                LOG.warn("the control-plane copy in {} differed from the files; repaired: created {}, updated {},"
                        + " deleted {}", database.describe(), r.created(), r.updated(), r.deleted());
            }
            if (!r.skipped().isEmpty()) {
                LOG.warn("the control-plane copy in {} was left as it is for: {}", database.describe(), r.skipped());
            }
            fullCheckDue = false;
            // a copy that failed above stays pending (copy() removes each one that succeeded)
            if (pending.isEmpty()) {
                lastFailure = null;
            }
            adminsPending = false;
        } catch (RuntimeException e) {
            fullCheckDue = true;
            lastFailure = e.getMessage();
            LOG.warn("comparing the control-plane files with {} failed; retried on the next round: {}",
                    database.describe(), e.toString());
        }
    }

    /** @return tenants written to the files whose copy to the database is still due */
    public Set<String> pendingCopies() {
        return Set.copyOf(pending);
    }

    @Override
    public TenantRepository tenants() {
        return files.tenants();
    }

    @Override
    public ClientRepository clients(String slug) {
        return files.clients(slug);
    }

    /** The files' administrators; every write is copied to the database in the same call. */
    @Override
    public AdminRepository admins() {
        return files.admins();
    }

    /** The files' branding; every write is copied to the database in the same call, with the tenant. */
    @Override
    public BrandingRepository branding() {
        return files.branding();
    }

    /** The files' signing keys; every write is copied to the database in the same call, with the tenant. */
    @Override
    public io.tenantstore.repository.SigningKeyRepository signingKeys() {
        return files.signingKeys();
    }

    @Override
    public ScopeRepository scopes(String slug) {
        return files.scopes(slug);
    }

    @Override
    public void addChangeListener(Consumer<String> listener) {
        files.addChangeListener(listener);
    }

    /** Picks up other processes' file writes, then repairs the database copy where it is behind. */
    @Override
    public void refresh() {
        files.refresh();
        if (!writer) {
            return;
        }
        if (fullCheckDue || rounds.incrementAndGet() % FULL_CHECK_EVERY == 0) {
            repairAll();
            return;
        }
        for (String slug : Set.copyOf(pending)) {
            copy(slug);
        }
        if (adminsPending) {
            copyAdmins();
        }
    }

    @Override
    public HealthReport.Check health() {
        HealthReport.Check fs = files.health();
        if (!fs.healthy()) {
            return fs;
        }
        if (writer && (!pending.isEmpty() || fullCheckDue || adminsPending)) {
            return new HealthReport.Check("control-plane", false, fs.detail() + "; copy in " + database.describe()
                    + " is behind (" + (!pending.isEmpty() ? pending.size() + " tenant(s)"
                            : adminsPending ? "the administrators" : "a full check is due")
                    + "): " + lastFailure);
        }
        return new HealthReport.Check("control-plane", true, fs.detail() + "; copied to " + database.describe());
    }

    /** @return the files under this mirror */
    public FsControlPlane files() {
        return files;
    }

    @Override
    public void close() {
        files.close();
    }
}

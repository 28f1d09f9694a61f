package io.tenantstore.core.internal;

import java.time.Duration;
import java.time.Instant;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NoDatabaseException;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.model.Tenant;
import io.tenantstore.repository.ClientRepository;
import io.tenantstore.repository.ConsentRepository;
import io.tenantstore.repository.IdentityRepository;
import io.tenantstore.repository.MfaRepository;
import io.tenantstore.repository.OneTimeTokenRepository;
import io.tenantstore.repository.RbacRepository;
import io.tenantstore.repository.ScopeRepository;
import io.tenantstore.repository.TenantCache;
import io.tenantstore.repository.TokenRepository;
import io.tenantstore.repository.UserRepository;
import io.tenantstore.spi.TenantRepositories;
import org.jspecify.annotations.Nullable;

/**
 * One tenant's repositories as handed out by {@link DataAccessLayer#forTenant(String)}. Once
 * dropped (invalidated, idle, or its pool evicted) it stays usable: every call goes back through
 * the store, which binds the tenant afresh. Thread-safe.
 */
final class TenantAccess implements TenantDataAccess {
    private final DataAccessLayer store;
    private final Tenant tenant;
    private final TenantRepositories repos;
    private final PoolRegistry.@Nullable Pool pool;
    private final ClientRepository clients;
    private final ScopeRepository scopes;
    private final TenantCache cache;
    private volatile boolean dropped;
    // The use clock's reading at this access's last use, written on the hot path without ordering:
    // a lost write makes it look one tick older to the cache bound and the idle sweep; an access
    // dropped while in use stays usable (its next call rebinds through the store).
    private long lastUse;
    // Maintenance only: the stamp seen at the last sweep that saw it change, and when that was.
    private long sweptStamp;
    private Instant lastSeen;

    TenantAccess(DataAccessLayer store, Tenant tenant, TenantRepositories repos, PoolRegistry.@Nullable Pool pool,
                 io.tenantstore.ConfigAccess controlPlane, TenantCache cache) {
        this.store = store;
        this.lastUse = UseClock.now();
        this.sweptStamp = lastUse - 1; // the first sweep sees it as used
        this.tenant = tenant;
        this.repos = repos;
        this.pool = pool;
        this.clients = controlPlane.clients(tenant.slug());
        this.scopes = controlPlane.scopes(tenant.slug());
        this.cache = cache;
        this.lastSeen = Instant.EPOCH;
    }

    void touch() {
        long now = UseClock.now();
        if (lastUse != now) {
            lastUse = now;
        }
    }

    /** @return the use clock's reading at the last use (the least recent go first beyond the cache bound) */
    long lastUse() {
        return lastUse;
    }

    /** Marks this access stale and gives back its pool hold; later calls rebind through the store. */
    void drop() {
        synchronized (this) {
            if (dropped) {
                return;
            }
            dropped = true;
        }
        if (pool != null) {
            pool.release();
        }
    }

    /**
     * Called by maintenance (one thread at a time).
     *
     * @return whether this access was unused for {@code idle} and should be dropped
     */
    boolean sweep(Instant now, Duration idle) {
        long stamp = lastUse;
        if (stamp != sweptStamp) {
            // used since the previous sweep (which advanced the clock, so any later use stamps anew)
            sweptStamp = stamp;
            lastSeen = now;
            return false;
        }
        return !now.isBefore(lastSeen.plus(idle));
    }

    Instant lastSeen() {
        return lastSeen;
    }

    PoolRegistry.@Nullable Pool pool() {
        return pool;
    }

    private TenantRepositories repos() {
        if (dropped) {
            return null;
        }
        touch();
        return repos;
    }

    private TenantDataAccess current() {
        // By id: a slug deleted and created again names another tenant, which this handle must not reach.
        return store.forTenant(tenant.id());
    }

    @Override
    public String slug() {
        return tenant.slug();
    }

    @Override
    public String id() {
        return tenant.id();
    }

    @Override
    public Tenant tenant() {
        return dropped ? current().tenant() : tenant;
    }

    @Override
    public UserRepository users() {
        TenantRepositories r = repos();
        return r != null ? r.users() : current().users();
    }

    @Override
    public TokenRepository tokens() {
        TenantRepositories r = repos();
        return r != null ? r.tokens() : current().tokens();
    }

    @Override
    public MfaRepository mfa() {
        TenantRepositories r = repos();
        return r != null ? r.mfa() : current().mfa();
    }

    @Override
    public ConsentRepository consents() {
        TenantRepositories r = repos();
        return r != null ? r.consents() : current().consents();
    }

    @Override
    public RbacRepository rbac() {
        TenantRepositories r = repos();
        return r != null ? r.rbac() : current().rbac();
    }

    @Override
    public OneTimeTokenRepository oneTimeTokens() {
        TenantRepositories r = repos();
        return r != null ? r.oneTimeTokens() : current().oneTimeTokens();
    }

    @Override
    public IdentityRepository identities() {
        TenantRepositories r = repos();
        return r != null ? r.identities() : current().identities();
    }

    @Override
    public ClientRepository clients() {
        touch();
        return clients;
    }

    @Override
    public ScopeRepository scopes() {
        touch();
        return scopes;
    }

    @Override
    public TenantCache cache() {
        touch();
        return cache;
    }

    @Override
    public boolean hasDatabase() {
        if (dropped) {
            return current().hasDatabase();
        }
        return pool != null;
    }

    @Override
    public TenantDataAccess requireDatabase() {
        if (!hasDatabase()) {
            throw new NoDatabaseException("tenant '" + tenant.slug() + "' has no database: its tenant.yaml says"
                    + " 'database: none' or the store has no defaultTenantDb");
        }
        return this;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        TenantRepositories r = repos();
        if (r == null) {
            return current().unwrap(type);
        }
        requireDatabase();
        return r.unwrap(type).orElseThrow(() -> new InvalidInputException("the database adapter of tenant '"
                + tenant.slug() + "' offers no " + type.getName() + " handle"));
    }

    @Override
    public String toString() {
        return "TenantAccess[" + tenant.slug() + (dropped ? ", dropped" : "") + "]";
    }
}

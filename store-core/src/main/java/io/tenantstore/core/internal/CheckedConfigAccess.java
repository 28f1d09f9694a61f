package io.tenantstore.core.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.tenantstore.ConfigAccess;
import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.UnsupportedIsolationException;
import io.tenantstore.StoreException;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.repository.ClientRepository;
import io.tenantstore.repository.ScopeRepository;
import io.tenantstore.repository.TenantRepository;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.spi.Text;

/**
 * The control plane as the store hands it out: a tenant's own database block is checked before it
 * is written (its driver names an adapter on the classpath, and that adapter accepts the block),
 * so a bad block never reaches {@code tenant.yaml} and is never first refused at bind. Everything
 * else is passed through. Thread-safe (stateless around thread-safe parts).
 */
final class CheckedConfigAccess implements ConfigAccess {
    private final ConfigAccess delegate;
    private final NamedServices<StoreAdapter> adapters;
    private final TenantRepository tenants;

    CheckedConfigAccess(ConfigAccess delegate, NamedServices<StoreAdapter> adapters) {
        this.delegate = delegate;
        this.adapters = adapters;
        this.tenants = new CheckedTenants(delegate.tenants());
    }

    @Override
    public TenantRepository tenants() {
        return tenants;
    }

    @Override
    public ClientRepository clients(String slug) {
        return delegate.clients(slug);
    }

    @Override
    public ScopeRepository scopes(String slug) {
        return delegate.scopes(slug);
    }

    @Override
    public io.tenantstore.repository.AdminRepository admins() {
        return delegate.admins();
    }

    @Override
    public io.tenantstore.repository.BrandingRepository branding() {
        return delegate.branding();
    }

    @Override
    public io.tenantstore.repository.SigningKeyRepository signingKeys() {
        return delegate.signingKeys();
    }

    /**
     * @param slug     the tenant, for messages
     * @param database its placement
     * @throws InvalidInputException for an unknown driver (listing the adapters found) or a block
     *                               the adapter refuses
     */
    void check(String slug, TenantDatabase database) {
        if (!(database instanceof TenantDatabase.Own own)) {
            return;
        }
        DbConfig db = own.config();
        StoreAdapter adapter;
        try {
            adapter = adapters.require(db.driver());
        } catch (StoreException e) {
            if (e.code() != ErrorCode.CONFIGURATION) {
                throw e;
            }
            throw new InvalidInputException("tenant " + Text.quote(slug) + ": database driver "
                    + Text.quote(db.driver()) + " is not a known adapter; known: " + adapters.names(), e);
        }
        if (!adapter.isolations().contains(db.isolation())) {
            // typed, and before the adapter sees a block it never declared it can serve
            throw new UnsupportedIsolationException(db.driver(), db.isolation(), adapter.isolations());
        }
        try {
            adapter.validate(db);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("tenant " + Text.quote(slug) + ": " + e.getMessage(), e);
        }
    }

    private final class CheckedTenants implements TenantRepository {
        private final TenantRepository tenants;

        CheckedTenants(TenantRepository tenants) {
            this.tenants = tenants;
        }

        @Override
        public List<Tenant> list() {
            return tenants.list();
        }

        @Override
        public java.util.SortedMap<String, String> unreadable() {
            return tenants.unreadable();
        }

        @Override
        public Optional<Tenant> getBySlug(String slug) {
            return tenants.getBySlug(slug);
        }

        @Override
        public Optional<Tenant> getById(String id) {
            return tenants.getById(id);
        }

        @Override
        public Tenant create(NewTenant tenant) {
            check(tenant.slug(), tenant.database());
            return tenants.create(tenant);
        }

        @Override
        public Tenant update(Tenant tenant) {
            check(tenant.slug(), tenant.database());
            return tenants.update(tenant);
        }

        @Override
        public Tenant updateSettings(String slug, UnaryOperator<TenantSettings> change) {
            return tenants.updateSettings(slug, change);
        }

        @Override
        public boolean delete(String slug) {
            return tenants.delete(slug);
        }
    }
}

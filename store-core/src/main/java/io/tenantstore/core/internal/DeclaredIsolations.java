package io.tenantstore.core.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.tenantstore.ConfigAccess;
import io.tenantstore.DbConfig;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.repository.ClientRepository;
import io.tenantstore.repository.ScopeRepository;
import io.tenantstore.repository.TenantRepository;

/**
 * The control plane as the store hands it out: a tenant whose own database asks its adapter for
 * an isolation the adapter does not declare (or names an unknown adapter) is refused when it is
 * created or updated, before anything is written. Thread-safe (stateless over thread-safe parts).
 */
final class DeclaredIsolations implements ConfigAccess {
    private final ConfigAccess delegate;
    private final Consumer<DbConfig> check;
    private final TenantRepository tenants;

    /**
     * @param delegate the control plane
     * @param check    throws when a database config names an unknown adapter or an undeclared isolation
     */
    DeclaredIsolations(ConfigAccess delegate, Consumer<DbConfig> check) {
        this.delegate = delegate;
        this.check = check;
        this.tenants = new Checked(delegate.tenants());
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

    private void checkPlacement(TenantDatabase database) {
        if (database instanceof TenantDatabase.Own own) {
            check.accept(own.config());
        }
    }

    /** Checks creates and updates, delegates the rest. */
    private final class Checked implements TenantRepository {
        private final TenantRepository repo;

        Checked(TenantRepository repo) {
            this.repo = repo;
        }

        @Override
        public List<Tenant> list() {
            return repo.list();
        }

        @Override
        public Optional<Tenant> getBySlug(String slug) {
            return repo.getBySlug(slug);
        }

        @Override
        public Optional<Tenant> getById(String id) {
            return repo.getById(id);
        }

        @Override
        public Tenant create(NewTenant tenant) {
            if (tenant != null) {
                checkPlacement(tenant.database());
            }
            return repo.create(tenant);
        }

        @Override
        public Tenant update(Tenant tenant) {
            if (tenant != null) {
                checkPlacement(tenant.database());
            }
            return repo.update(tenant);
        }

        @Override
        public Tenant updateSettings(String slug, UnaryOperator<TenantSettings> change) {
            return repo.updateSettings(slug, change);
        }

        @Override
        public boolean delete(String slug) {
            return repo.delete(slug);
        }
    }
}

package io.tenantstore.repository;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.UnaryOperator;

import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantSettings;

/** The tenant registry (control plane). Thread-safe. */
public interface TenantRepository {
    /**
     * @return every tenant, by slug; a tenant whose stored definition cannot be read is left out
     *         (and named by {@link #unreadable()}), so one damaged file never hides the others
     */
    List<Tenant> list();

    /**
     * The tenants {@link #list()} (or the control plane's own refresh) found with a stored
     * definition that cannot be read (a damaged {@code tenant.yaml}, say), each with the reason,
     * file and line where known; each is read again here, so a repaired or removed tenant is no
     * longer named. Fleet tools report them instead of passing over them in silence. A default
     * method, for control planes that never leave a tenant out.
     *
     * @return slug to reason, in slug order; empty when every tenant was read
     */
    default SortedMap<String, String> unreadable() {
        return Collections.emptySortedMap();
    }

    /** @param slug the slug @return the tenant, if any @throws io.tenantstore.InvalidInputException for a malformed slug */
    Optional<Tenant> getBySlug(String slug);

    /** @param id the tenant id @return the tenant, if any */
    Optional<Tenant> getById(String id);

    /**
     * @param tenant the new tenant
     * @return the stored tenant, version 1
     * @throws io.tenantstore.ConflictException     when the slug is taken
     * @throws io.tenantstore.InvalidInputException for a malformed slug
     */
    Tenant create(NewTenant tenant);

    /**
     * Optimistic update: {@code tenant.version()} must be the stored version.
     *
     * @param tenant the tenant with new values
     * @return the stored tenant with the next version
     * @throws io.tenantstore.ConflictException      with code VERSION_CONFLICT when stale
     * @throws io.tenantstore.TenantNotFoundException when absent
     */
    Tenant update(Tenant tenant);

    /**
     * Read-modify-write of the settings under the write lock.
     *
     * @param slug   the slug
     * @param change computes new settings from the current ones
     * @return the stored tenant
     * @throws io.tenantstore.TenantNotFoundException when absent
     */
    Tenant updateSettings(String slug, UnaryOperator<TenantSettings> change);

    /** @param slug the slug @return whether it existed (its clients and scopes go with it) */
    boolean delete(String slug);
}

package io.tenantstore.repository;

import io.tenantstore.model.TenantBranding;

/**
 * Tenants' branding in the control plane. Writes raise {@link io.tenantstore.NotLeaderException}
 * in a process that opened the control plane as a reader. Thread-safe.
 */
public interface BrandingRepository {
    /**
     * @param slug the tenant
     * @return its branding, {@link TenantBranding#NONE} when none is set
     * @throws io.tenantstore.TenantNotFoundException when no tenant has that slug
     * @throws io.tenantstore.InvalidInputException   for a malformed slug, or a bad value in the stored branding
     */
    TenantBranding get(String slug);

    /**
     * Replaces the tenant's branding ({@link TenantBranding#NONE} removes every part).
     *
     * @param slug     the tenant
     * @param branding the new branding, validated by its constructor
     * @return the stored branding
     * @throws io.tenantstore.TenantNotFoundException when no tenant has that slug
     */
    TenantBranding set(String slug, TenantBranding branding);
}

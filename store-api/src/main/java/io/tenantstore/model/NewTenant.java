package io.tenantstore.model;

import java.util.Objects;

/**
 * What {@code TenantRepository.create} needs; id, version and timestamps are assigned.
 *
 * @param slug        URL-safe name: {@code ^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$}
 * @param name        full name
 * @param displayName name shown to users
 * @param settings    settings ({@link TenantSettings#DEFAULTS} when unsure)
 * @param database    where its data lives ({@link TenantDatabase.UseDefault} when unsure)
 */
public record NewTenant(String slug, String name, String displayName, TenantSettings settings,
                        TenantDatabase database) {
    /** Rejects nulls. */
    public NewTenant {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(database, "database");
    }

    /**
     * @param slug the slug
     * @param name the name, also used as display name
     * @return a tenant on the default database with default settings
     */
    public static NewTenant of(String slug, String name) {
        return new NewTenant(slug, name, name, TenantSettings.DEFAULTS, TenantDatabase.useDefault());
    }
}

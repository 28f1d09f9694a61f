package io.tenantstore.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A tenant as stored in the control plane.
 *
 * @param id          UUID, assigned at creation, never changes
 * @param slug        URL-safe name, also the directory name; never changes
 * @param name        legal or full name
 * @param displayName name shown to users
 * @param settings    tenant settings
 * @param database    where the tenant's data lives
 * @param version     bumped by every write; an update must carry the version it read
 * @param createdAt   creation time
 * @param updatedAt   last write time
 */
public record Tenant(String id, String slug, String name, String displayName, TenantSettings settings,
                     TenantDatabase database, long version, Instant createdAt, Instant updatedAt) {
    /** Rejects nulls. */
    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** @param displayName new display name @return a copy with it */
    public Tenant withDisplayName(String displayName) {
        return new Tenant(id, slug, name, displayName, settings, database, version, createdAt, updatedAt);
    }

    /** @param name new name @return a copy with it */
    public Tenant withName(String name) {
        return new Tenant(id, slug, name, displayName, settings, database, version, createdAt, updatedAt);
    }

    /** @param settings new settings @return a copy with them */
    public Tenant withSettings(TenantSettings settings) {
        return new Tenant(id, slug, name, displayName, settings, database, version, createdAt, updatedAt);
    }

    /** @param database new database placement @return a copy with it */
    public Tenant withDatabase(TenantDatabase database) {
        return new Tenant(id, slug, name, displayName, settings, database, version, createdAt, updatedAt);
    }
}

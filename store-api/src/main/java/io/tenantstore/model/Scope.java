package io.tenantstore.model;

import java.util.Objects;
import java.util.Set;

/**
 * An OAuth scope of a tenant.
 *
 * @param name        {@code [A-Za-z0-9:._/-]{1,128}}
 * @param description text shown on consent screens
 * @param system      system scopes cannot be deleted
 */
public record Scope(String name, String description, boolean system) {
    /** Names of the scopes every tenant has and none may delete. */
    public static final Set<String> SYSTEM_SCOPES = Set.of("openid", "profile", "email", "offline_access");

    /** Rejects nulls. */
    public Scope {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }
}

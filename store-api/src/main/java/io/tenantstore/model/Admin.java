package io.tenantstore.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * An administrator of the control plane: of one tenant, or of all ({@code tenant == null}). An
 * administrator signs in with a password (only its hash is stored, and never returned) or with an
 * external identity {@code (provider, subject)}. Immutable; thread-safe.
 *
 * @param id          UUID
 * @param username    login name, unique in the control plane (lower case)
 * @param tenant      the tenant's slug, or {@code null} for a global administrator
 * @param roles       the administrator's roles, sorted
 * @param hasPassword whether the administrator signs in with a password
 * @param provider    the external identity's provider, or {@code null}
 * @param subject     the external identity's subject, or {@code null}
 * @param version     bumped by every write; a stale update raises {@code ConflictException}
 * @param createdAt   creation time
 * @param updatedAt   last write time
 */
public record Admin(String id, String username, @Nullable String tenant, Set<String> roles, boolean hasPassword,
                    @Nullable String provider, @Nullable String subject, long version, Instant createdAt,
                    Instant updatedAt) {
    /** Copies the roles and rejects nulls. */
    public Admin {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(new java.util.TreeSet<>(roles));
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** @return whether this administrator manages every tenant */
    public boolean isGlobal() {
        return tenant == null;
    }

    /** @return the tenant's slug, if this administrator is bound to one */
    public Optional<String> tenantSlug() {
        return Optional.ofNullable(tenant);
    }
}

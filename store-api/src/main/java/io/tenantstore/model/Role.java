package io.tenantstore.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A role of one tenant.
 *
 * @param id           UUID
 * @param name         unique per tenant, {@code [A-Za-z0-9:._-]{1,128}}
 * @param description  text
 * @param permissions  permissions granted directly
 * @param inheritsFrom names of roles whose permissions this role also grants
 * @param system       system roles cannot be deleted
 * @param createdAt    creation time
 * @param updatedAt    last write time
 */
public record Role(String id, String name, String description, Set<String> permissions, List<String> inheritsFrom,
                   boolean system, Instant createdAt, Instant updatedAt) {
    /** Copies the collections, rejects nulls. */
    public Role {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        permissions = Set.copyOf(permissions);
        inheritsFrom = List.copyOf(inheritsFrom);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}

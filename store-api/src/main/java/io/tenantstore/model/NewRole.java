package io.tenantstore.model;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code RbacRepository.createRole} needs.
 *
 * @param name         unique per tenant
 * @param description  text
 * @param permissions  permissions granted directly
 * @param inheritsFrom names of existing roles to inherit from
 * @param system       whether the role is protected from deletion
 */
public record NewRole(String name, String description, Set<String> permissions, List<String> inheritsFrom,
                      boolean system) {
    /** Copies the collections, rejects nulls. */
    public NewRole {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        permissions = Set.copyOf(permissions);
        inheritsFrom = List.copyOf(inheritsFrom);
    }
}

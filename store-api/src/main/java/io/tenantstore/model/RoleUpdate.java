package io.tenantstore.model;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A partial update of a role; {@code null} leaves a field unchanged.
 *
 * @param description  new description, or {@code null}
 * @param permissions  new direct permissions (replacing), or {@code null}
 * @param inheritsFrom new parents (replacing; cycles rejected), or {@code null}
 */
public record RoleUpdate(@Nullable String description, @Nullable Set<String> permissions,
                         @Nullable List<String> inheritsFrom) {
}

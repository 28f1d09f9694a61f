package io.tenantstore.model;

import org.jspecify.annotations.Nullable;

/**
 * A partial update of a user; {@code null} leaves a field unchanged.
 *
 * @param email       new email (clears verification), or {@code null}
 * @param displayName new display name, or {@code null}
 */
public record UserUpdate(@Nullable String email, @Nullable String displayName) {
}

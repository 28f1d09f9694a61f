package io.tenantstore.jdbc.internal;

import java.util.Objects;
import java.util.UUID;

/**
 * The tenant a repository is bound to: its id as bound into every statement, its id as text for
 * the row-level security setting, and its slug for messages. Immutable.
 *
 * @param id     the tenant id
 * @param idText the canonical text of {@code id}
 * @param slug   the tenant slug
 */
record BoundTenant(UUID id, String idText, String slug) {
    BoundTenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(idText, "idText");
        Objects.requireNonNull(slug, "slug");
    }

    static BoundTenant of(UUID id, String slug) {
        return new BoundTenant(id, id.toString(), slug);
    }
}

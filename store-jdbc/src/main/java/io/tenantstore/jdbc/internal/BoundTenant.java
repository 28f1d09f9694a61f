package io.tenantstore.jdbc.internal;

import java.util.Objects;
import java.util.UUID;

import io.tenantstore.jdbc.RowSecurity;
import org.jspecify.annotations.Nullable;

/**
 * The tenant a repository is bound to: its id as bound into every statement, its id as text for
 * the row-level security setting, and its slug for messages. Immutable.
 *
 * @param id     the tenant id
 * @param idText the canonical text of {@code id}
 * @param slug   the tenant slug
 * @param rowSecurityValue the value of the row-level security setting: the id, signed when the
 *               policies check a key
 */
record BoundTenant(UUID id, String idText, String slug, String rowSecurityValue) {
    BoundTenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(idText, "idText");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(rowSecurityValue, "rowSecurityValue");
    }

    static BoundTenant of(UUID id, String slug) {
        String text = id.toString();
        return new BoundTenant(id, text, slug, text);
    }

    /**
     * @param id   the tenant id
     * @param text the id as the caller holds it: kept (not a copy) when it is the canonical text,
     *             so a cached tenant holds its id text once
     * @param slug the tenant slug
     * @return the bound tenant
     */
    static BoundTenant of(UUID id, String text, String slug) {
        String canonical = id.toString();
        String idText = canonical.equals(text) ? text : canonical;
        return new BoundTenant(id, idText, slug, idText);
    }

    /**
     * @param key the policies' key, or {@code null} when they compare the bare id
     * @return this tenant with its setting signed with {@code key}
     */
    BoundTenant signedWith(@Nullable String key) {
        return key == null ? this : new BoundTenant(id, idText, slug, RowSecurity.signedTenant(key, idText));
    }
}

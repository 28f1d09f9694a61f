package io.tenantstore;

import java.util.Objects;

/**
 * What {@link DataAccessLayer#deleteTenant(String, DataRetention)} did. Immutable and thread-safe.
 *
 * @param slug      the deleted tenant's slug
 * @param tenantId  its id
 * @param retention what was asked for its data
 * @param data      what happened to its data, in words (e.g. {@code dropped schema t_acme})
 */
public record TenantDeletion(String slug, String tenantId, DataRetention retention, String data) {
    /** Rejects nulls. */
    public TenantDeletion {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(data, "data");
    }
}

package io.tenantstore.spi;

import java.util.Objects;

import io.tenantstore.Isolation;
import org.jspecify.annotations.Nullable;

/**
 * The tenant an adapter binds repositories to, and where its rows live.
 *
 * @param tenantId  the tenant's id, written into and filtered on in every statement
 * @param slug      the tenant's slug (for messages)
 * @param isolation database, schema or shared
 * @param schema    for {@link Isolation#SCHEMA}: the schema (explicit or {@code t_<slug>}); else {@code null}
 */
public record TenantScope(String tenantId, String slug, Isolation isolation, @Nullable String schema) {
    /** Checks that schema isolation has a schema. */
    public TenantScope {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(isolation, "isolation");
        if ((isolation == Isolation.SCHEMA) != (schema != null)) {
            throw new IllegalArgumentException("schema must be set exactly for schema isolation: " + isolation);
        }
    }
}

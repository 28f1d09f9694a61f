package io.tenantstore.jdbc.internal;

import java.util.Objects;

/**
 * Identifies a target within one connection: the schema ({@code ""} for the default schema) and
 * whether it holds shared tenants (which adds row-level security). Immutable.
 *
 * @param schema a validated schema name, or {@code ""}
 * @param shared whether the tenants bound to it are {@code shared}
 */
record TargetKey(String schema, boolean shared) {
    static final TargetKey DEFAULT = new TargetKey("", false);
    static final TargetKey SHARED = new TargetKey("", true);

    TargetKey {
        Objects.requireNonNull(schema, "schema");
    }

    boolean isDefaultSchema() {
        return schema.isEmpty();
    }
}

package io.tenantstore.core.yaml;

import java.util.Objects;

/**
 * Where a secret value sits: whose it is, which field, and where in which file. A keyring binds
 * encrypted values to {@link #owner()} and {@link #field()}; messages name {@link #location()}.
 *
 * @param owner    whose secret: a tenant slug, or {@code store} for store.yaml
 * @param field    the dotted key path, e.g. {@code database.password}
 * @param location {@code file:line} when reading, {@code file} when writing
 */
public record SecretSite(String owner, String field, String location) {
    /** Rejects nulls. */
    public SecretSite {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(location, "location");
    }
}

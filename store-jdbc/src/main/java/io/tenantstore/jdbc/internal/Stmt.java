package io.tenantstore.jdbc.internal;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One SQL statement, rendered once per target, with the variant that also sets the tenant for
 * row-level security in the same round trip. Immutable.
 *
 * @param sql        the statement
 * @param guardedSql the tenant-setting statement and this one, separated by {@code ;} (the
 *                   driver sends both before one Sync, so they share a transaction even in
 *                   auto-commit); {@code null} when the target has no row-level security
 */
record Stmt(String sql, @Nullable String guardedSql) {
    Stmt {
        Objects.requireNonNull(sql, "sql");
    }
}

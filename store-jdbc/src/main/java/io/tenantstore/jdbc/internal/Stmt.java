package io.tenantstore.jdbc.internal;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One SQL statement, rendered once per target, with its tenant-setting variant for targets with
 * row-level security. Immutable.
 *
 * @param sql        the statement
 * @param guardedSql the statement preceded by setting the tenant for the session (its parameters
 *                   first: the signed setting, or the tenant id's two halves when {@code switches}),
 *                   sent in one round trip when the connection does not carry the tenant yet;
 *                   {@code null} without row-level security
 * @param switches   whether {@code guardedSql} switches a marked session to the tenant (see
 *                   {@link io.tenantstore.jdbc.RowSecurity#switches()}) rather than entering it with
 *                   its signed setting
 */
record Stmt(String sql, @Nullable String guardedSql, boolean switches) {
    Stmt {
        Objects.requireNonNull(sql, "sql");
        if (switches && guardedSql == null) {
            throw new IllegalArgumentException("a statement that switches tenants needs its guarded form");
        }
    }

    /** @param sql a statement without row-level security */
    Stmt(String sql) {
        this(sql, null, false);
    }

    boolean guarded() {
        return guardedSql != null;
    }
}

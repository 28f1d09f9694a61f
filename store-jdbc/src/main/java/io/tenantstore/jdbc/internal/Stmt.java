package io.tenantstore.jdbc.internal;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One SQL statement, rendered once per target, with its tenant-setting variant for targets with
 * row-level security. Immutable.
 *
 * @param sql        the statement
 * @param guardedSql the statement preceded by setting the tenant for the session (one parameter
 *                   first: the setting), sent in one round trip when the connection does not carry
 *                   the tenant yet; {@code null} without row-level security
 */
record Stmt(String sql, @Nullable String guardedSql) {
    Stmt {
        Objects.requireNonNull(sql, "sql");
    }

    /** @param sql a statement without row-level security */
    Stmt(String sql) {
        this(sql, null);
    }

    boolean guarded() {
        return guardedSql != null;
    }
}

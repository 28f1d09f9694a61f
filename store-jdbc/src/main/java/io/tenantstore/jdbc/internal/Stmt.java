package io.tenantstore.jdbc.internal;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One SQL statement, rendered once per target, with its tenant-guarded variants for targets with
 * row-level security. Immutable.
 *
 * @param sql             the statement
 * @param autoCommitSql   for a statement run by itself: set the tenant for the session, the
 *                        statement, clear the tenant; one round trip. {@code null} without
 *                        row-level security
 * @param transactionSql  for the first statement of a transaction: set the tenant until the
 *                        transaction ends, then the statement. {@code null} without row-level
 *                        security
 */
record Stmt(String sql, @Nullable String autoCommitSql, @Nullable String transactionSql) {
    Stmt {
        Objects.requireNonNull(sql, "sql");
        if ((autoCommitSql == null) != (transactionSql == null)) {
            throw new IllegalArgumentException("both guarded variants or neither");
        }
    }

    boolean guarded() {
        return autoCommitSql != null;
    }
}

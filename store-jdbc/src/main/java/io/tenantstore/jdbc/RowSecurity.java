package io.tenantstore.jdbc;

import java.util.Objects;

/**
 * How an engine enforces tenant separation in shared tables by itself (PostgreSQL row-level
 * security), on top of the {@code tenant_id} filter every statement carries. Immutable.
 *
 * @param transactionTenantSql a statement with one parameter (the tenant id as text) that sets the
 *                             tenant for the current transaction only, e.g.
 *                             {@code SELECT set_config('app.tenant_id', ?, true)}; it is sent in
 *                             the same round trip as the statement it guards
 * @param sessionTenantSql     the same for the whole session, for connections handed to the
 *                             application through {@code unwrap}
 * @param sessionResetSql      clears the session setting before such a connection returns to the
 *                             pool (no parameter)
 * @param migrationLocation    Flyway location of the policies, applied after the tables to targets
 *                             that hold shared tenants, with its own history table
 * @param enforcedCheckSql     a query with one parameter (an unqualified table name, resolved on
 *                             the search path) returning one boolean row: whether the policies are
 *                             enforced on that table
 */
public record RowSecurity(String transactionTenantSql, String sessionTenantSql, String sessionResetSql,
                          String migrationLocation, String enforcedCheckSql) {
    /** Rejects nulls. */
    public RowSecurity {
        Objects.requireNonNull(transactionTenantSql, "transactionTenantSql");
        Objects.requireNonNull(sessionTenantSql, "sessionTenantSql");
        Objects.requireNonNull(sessionResetSql, "sessionResetSql");
        Objects.requireNonNull(migrationLocation, "migrationLocation");
        Objects.requireNonNull(enforcedCheckSql, "enforcedCheckSql");
    }
}

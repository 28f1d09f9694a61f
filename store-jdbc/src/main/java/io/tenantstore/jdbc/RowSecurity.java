package io.tenantstore.jdbc;

import java.util.Objects;

/**
 * How an engine enforces tenant separation in shared tables by itself (PostgreSQL row-level
 * security), on top of the {@code tenant_id} filter every statement carries. Immutable.
 *
 * <p>How the repositories use it, per call: a statement run by itself is sent as
 * {@code sessionTenantSql; statement; sessionResetSql} in one round trip (if the statement fails,
 * its implicit transaction rolls the setting back, and the reset is sent again to be sure); a
 * transaction starts with {@code transactionTenantSql; first statement}. The session form is used
 * for single statements because a driver may split a multi-statement string into several protocol
 * syncs (PostgreSQL's driver does when a parameter's type is unspecified, e.g. a typed NULL, once
 * the statement is server-prepared): a setting that lasts only until the end of the transaction
 * would then be gone before the statement runs. Connections handed to the application through
 * {@code unwrap} get the session form on checkout and the reset on return.
 *
 * @param transactionTenantSql sets the tenant until the end of the current transaction; one
 *                             parameter, the tenant id as text, e.g.
 *                             {@code SELECT set_config('app.tenant_id', ?, true)}
 * @param sessionTenantSql     sets the tenant for the session; one parameter, e.g.
 *                             {@code SELECT set_config('app.tenant_id', ?, false)}
 * @param sessionResetSql      clears the session setting; no parameter
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

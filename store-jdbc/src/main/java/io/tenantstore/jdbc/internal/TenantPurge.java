package io.tenantstore.jdbc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Deletes one tenant's rows from a target in batches, and finds rows of other tenants in a
 * schema. Users and roles are deleted {@value #BATCH} at a time, one transaction per batch, so a
 * large tenant never holds one huge transaction; every other table references one of the two with
 * {@code ON DELETE CASCADE}, so their rows go with them. Every statement carries the tenant id
 * (and, on a target with row-level security, runs with the tenant set). Thread-safe (stateless
 * around thread-safe parts).
 */
final class TenantPurge {
    /** Users or roles deleted per transaction. Default: 500. */
    static final int BATCH = 500;

    /** The statements. */
    enum Sql implements StatementSet.Definition {
        USER_BATCH(r -> r.stmt("SELECT id FROM {ts_users} WHERE tenant_id = ? LIMIT " + BATCH)),
        DELETE_USER(r -> r.stmt("DELETE FROM {ts_users} WHERE tenant_id = ? AND id = ?")),
        ROLE_BATCH(r -> r.stmt("SELECT id FROM {ts_roles} WHERE tenant_id = ? LIMIT " + BATCH)),
        DELETE_ROLE(r -> r.stmt("DELETE FROM {ts_roles} WHERE tenant_id = ? AND id = ?")),
        // One-time tokens sent to an address only reference no user, so they are deleted on their own.
        TOKEN_BATCH(r -> r.stmt("SELECT id FROM {ts_one_time_tokens} WHERE tenant_id = ? LIMIT " + BATCH)),
        DELETE_TOKEN(r -> r.stmt("DELETE FROM {ts_one_time_tokens} WHERE tenant_id = ? AND id = ?")),
        // Users, roles and one-time tokens are the roots of every other table's rows.
        OTHER_TENANT(r -> r.stmt("SELECT tenant_id FROM {ts_users} WHERE tenant_id <> ?"
                + " UNION SELECT tenant_id FROM {ts_roles} WHERE tenant_id <> ?"
                + " UNION SELECT tenant_id FROM {ts_one_time_tokens} WHERE tenant_id <> ?"));

        private final StatementSet.Definition definition;

        Sql(StatementSet.Definition definition) {
            this.definition = definition;
        }

        @Override
        public Stmt render(SqlRenderer r) {
            return definition.render(r);
        }
    }

    private static final ErrorContext PURGE = ErrorContext.of("purge tenant");
    private static final ErrorContext CHECK = ErrorContext.of("check schema owner");

    private final SqlRunner runner;
    private final StatementSet<Sql> sql;

    TenantPurge(SqlRunner runner, Target target) {
        this.runner = runner;
        this.sql = new StatementSet<>(target.renderer(), Sql.class);
    }

    /**
     * @param tenant the tenant
     * @return how many users, roles and user-less one-time tokens were deleted (dependent rows went
     *         with them)
     */
    long deleteRows(BoundTenant tenant) {
        return deleteAll(tenant, Sql.USER_BATCH, Sql.DELETE_USER) + deleteAll(tenant, Sql.ROLE_BATCH, Sql.DELETE_ROLE)
                + deleteAll(tenant, Sql.TOKEN_BATCH, Sql.DELETE_TOKEN);
    }

    private long deleteAll(BoundTenant tenant, Sql batch, Sql delete) {
        long total = 0;
        while (true) {
            int n = runner.transaction(tenant, PURGE, s -> {
                List<UUID> ids = s.list(sql.get(batch), p -> p.uuid(tenant.id()), r -> r.uuid(1));
                List<Session.Binder> rows = new ArrayList<>(ids.size());
                for (UUID id : ids) {
                    rows.add(p -> p.uuid(tenant.id()).uuid(id));
                }
                s.batch(sql.get(delete), rows);
                return ids.size();
            });
            total += n;
            if (n < BATCH) {
                return total;
            }
        }
    }

    /**
     * @param tenant the tenant that means to use the target
     * @return the id of another tenant with rows there, if any
     */
    java.util.Optional<String> otherTenant(BoundTenant tenant) {
        List<String> others = runner.list(tenant, CHECK, sql.get(Sql.OTHER_TENANT),
                p -> p.uuid(tenant.id()).uuid(tenant.id()).uuid(tenant.id()), r -> r.id(1));
        return others.stream().findFirst();
    }
}

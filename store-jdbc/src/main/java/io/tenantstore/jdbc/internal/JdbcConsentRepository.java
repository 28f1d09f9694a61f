package io.tenantstore.jdbc.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.tenantstore.spi.InputRules;
import io.tenantstore.model.Consent;
import io.tenantstore.repository.ConsentRepository;

/**
 * OAuth consents of one tenant, one row per user and client; revoking keeps the row. Thread-safe
 * (immutable; each call takes its own pooled connection).
 */
final class JdbcConsentRepository implements ConsentRepository {
    private static final String COLUMNS = "user_id, client_id, scopes, granted_at, updated_at, revoked_at";
    private static final Session.RowReader<Consent> CONSENT = r -> new Consent(r.id(1), r.string(2),
            Scopes.decode(r.string(3)), r.instant(4), r.instant(5), r.nullableInstant(6));
    private static final ErrorContext READ = ErrorContext.of("read consents");
    private static final ErrorContext REVOKE = ErrorContext.of("revoke consent");

    /** The statements; UPSERT_RETURNING only where the dialect supports RETURNING. */
    enum Sql implements StatementSet.Definition {
        // granted_at is not among the updated columns: it stays the first grant
        UPSERT(r -> r.stmt(upsertSql(r))),
        UPSERT_RETURNING(r -> r.stmt(upsertSql(r) + " RETURNING " + COLUMNS)),
        GET(r -> r.stmt("SELECT " + COLUMNS + " FROM {ts_consents} WHERE tenant_id = ? AND user_id = ?"
                + " AND client_id = ?")),
        LIST_ALL(r -> r.stmt("SELECT " + COLUMNS + " FROM {ts_consents} WHERE tenant_id = ? AND user_id = ?"
                + " ORDER BY client_id")),
        LIST_ACTIVE(r -> r.stmt("SELECT " + COLUMNS + " FROM {ts_consents} WHERE tenant_id = ? AND user_id = ?"
                + " AND revoked_at IS NULL ORDER BY client_id")),
        REVOKE(r -> r.stmt("UPDATE {ts_consents} SET revoked_at = ?, updated_at = ?"
                + " WHERE tenant_id = ? AND user_id = ? AND client_id = ? AND revoked_at IS NULL"));

        private final StatementSet.Definition definition;

        Sql(StatementSet.Definition definition) {
            this.definition = definition;
        }

        @Override
        public Stmt render(SqlRenderer r) {
            return definition.render(r);
        }
    }

    private static String upsertSql(SqlRenderer r) {
        return r.dialect().upsert(r.table("ts_consents"),
                List.of("tenant_id", "user_id", "client_id", "scopes", "granted_at", "updated_at", "revoked_at"),
                List.of("tenant_id", "user_id", "client_id"), List.of("scopes", "updated_at", "revoked_at"));
    }

    private final SqlRunner runner;
    private final BoundTenant tenant;
    private final StatementSet<Sql> sql;
    private final Clock clock;

    JdbcConsentRepository(SqlRunner runner, BoundTenant tenant, StatementSet<Sql> sql, Clock clock) {
        this.runner = runner;
        this.tenant = tenant;
        this.sql = sql;
        this.clock = clock;
    }

    @Override
    public Consent upsert(String userId, String clientId, Set<String> scopes) {
        UUID user = InputRules.uuid("user id", userId);
        String client = InputRules.clientId(clientId);
        Objects.requireNonNull(scopes, "scopes");
        String encoded = Scopes.encode(new TreeSet<>(scopes));
        Instant now = DbTime.now(clock);
        ErrorContext ctx = ErrorContext.of("grant consent")
                .onMissingReference(c -> "user '" + userId + "' not found in tenant '" + tenant.slug() + "'");
        Session.Binder binder = p -> p.uuid(tenant.id()).uuid(user).string(client).string(encoded).instant(now)
                .instant(now).instant(null);
        if (runner.dialect().supportsReturning()) {
            return runner.one(tenant, ctx, sql.get(Sql.UPSERT_RETURNING), binder, CONSENT).orElseThrow();
        }
        return runner.transaction(tenant, ctx, s -> {
            s.update(sql.get(Sql.UPSERT), binder);
            return s.one(sql.get(Sql.GET), p -> p.uuid(tenant.id()).uuid(user).string(client), CONSENT).orElseThrow();
        });
    }

    @Override
    public Optional<Consent> get(String userId, String clientId) {
        UUID user = InputRules.uuid("user id", userId);
        String client = InputRules.clientId(clientId);
        return runner.one(tenant, READ, sql.get(Sql.GET), p -> p.uuid(tenant.id()).uuid(user).string(client), CONSENT);
    }

    @Override
    public List<Consent> listByUser(String userId, boolean activeOnly) {
        UUID user = InputRules.uuid("user id", userId);
        return runner.list(tenant, READ, activeOnly ? sql.get(Sql.LIST_ACTIVE) : sql.get(Sql.LIST_ALL),
                p -> p.uuid(tenant.id()).uuid(user), CONSENT);
    }

    @Override
    public boolean revoke(String userId, String clientId) {
        UUID user = InputRules.uuid("user id", userId);
        String client = InputRules.clientId(clientId);
        Instant now = DbTime.now(clock);
        return runner.update(tenant, REVOKE, sql.get(Sql.REVOKE),
                p -> p.instant(now).instant(now).uuid(tenant.id()).uuid(user).string(client)) > 0;
    }
}

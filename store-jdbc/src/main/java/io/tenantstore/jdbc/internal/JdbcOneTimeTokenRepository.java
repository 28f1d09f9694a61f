package io.tenantstore.jdbc.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.tenantstore.spi.InputRules;
import io.tenantstore.model.NewOneTimeToken;
import io.tenantstore.model.OneTimeToken;
import io.tenantstore.model.OneTimeTokenPurpose;
import io.tenantstore.repository.OneTimeTokenRepository;
import org.jspecify.annotations.Nullable;

/**
 * One-time tokens of one tenant, stored by hash. Consuming is one conditional {@code UPDATE}
 * (usable, of that purpose, at the store clock's time): the row lock makes concurrent callers
 * queue, and each re-reads the row the winner committed, so exactly one updates it. Thread-safe
 * (immutable; each call takes its own pooled connection).
 */
final class JdbcOneTimeTokenRepository implements OneTimeTokenRepository {
    private static final String COLUMNS = "id, token_hash, purpose, user_id, email, created_at, expires_at,"
            + " consumed_at, revoked_at";
    private static final String USABLE = " AND consumed_at IS NULL AND revoked_at IS NULL AND expires_at > ?";
    private static final String UNUSED = " AND consumed_at IS NULL AND revoked_at IS NULL";
    private static final Session.RowReader<OneTimeToken> TOKEN = r -> new OneTimeToken(r.id(1), r.string(2),
            OneTimeTokenPurpose.valueOf(r.string(3)), nullableId(r, 4), r.nullableString(5), r.instant(6),
            r.instant(7), r.nullableInstant(8), r.nullableInstant(9));
    private static final Session.RowReader<UUID> ID = r -> r.uuid(1);
    private static final ErrorContext GET = ErrorContext.of("read one-time token");
    private static final ErrorContext CONSUME = ErrorContext.of("consume one-time token");
    private static final ErrorContext REVOKE = ErrorContext.of("revoke one-time tokens");
    private static final ErrorContext DELETE_EXPIRED = ErrorContext.of("delete expired one-time tokens");

    /** The statements. DELETE_IDS has a fixed {@link #DELETE_BATCH} ids; a short batch repeats one. */
    enum Sql implements StatementSet.Definition {
        INSERT(r -> r.stmt("INSERT INTO {ts_one_time_tokens} (tenant_id, id, token_hash, purpose, user_id, email,"
                + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")),
        BY_HASH(r -> r.stmt("SELECT " + COLUMNS + " FROM {ts_one_time_tokens} WHERE tenant_id = ? AND token_hash = ?")),
        CONSUME(r -> r.stmt("UPDATE {ts_one_time_tokens} SET consumed_at = ? WHERE tenant_id = ? AND token_hash = ?"
                + " AND purpose = ?" + USABLE)),
        CONSUME_RETURNING(r -> r.stmt("UPDATE {ts_one_time_tokens} SET consumed_at = ? WHERE tenant_id = ?"
                + " AND token_hash = ? AND purpose = ?" + USABLE + " RETURNING " + COLUMNS)),
        REVOKE_BY_USER(r -> r.stmt("UPDATE {ts_one_time_tokens} SET revoked_at = ? WHERE tenant_id = ? AND user_id = ?"
                + " AND purpose = ?" + UNUSED)),
        EXPIRED_IDS(r -> r.stmt("SELECT id FROM {ts_one_time_tokens} WHERE tenant_id = ? AND expires_at <= ?"
                + " ORDER BY expires_at LIMIT " + DELETE_BATCH)),
        DELETE_IDS(r -> r.stmt("DELETE FROM {ts_one_time_tokens} WHERE tenant_id = ? AND expires_at <= ? AND id IN ("
                + String.join(", ", java.util.Collections.nCopies(DELETE_BATCH, "?")) + ")"));

        private final StatementSet.Definition definition;

        Sql(StatementSet.Definition definition) {
            this.definition = definition;
        }

        @Override
        public Stmt render(SqlRenderer r) {
            return definition.render(r);
        }
    }

    private final SqlRunner runner;
    private final BoundTenant tenant;
    private final StatementSet<Sql> sql;
    private final Clock clock;

    JdbcOneTimeTokenRepository(SqlRunner runner, BoundTenant tenant, StatementSet<Sql> sql, Clock clock) {
        this.runner = runner;
        this.tenant = tenant;
        this.sql = sql;
        this.clock = clock;
    }

    private static @Nullable String nullableId(Row r, int column) throws java.sql.SQLException {
        return r.nullableString(column) == null ? null : r.id(column);
    }

    @Override
    public OneTimeToken issue(NewOneTimeToken token) {
        Objects.requireNonNull(token, "token");
        String hash = InputRules.hash("one-time token hash", token.tokenHash(), InputRules.MAX_HASH);
        UUID user = token.userId() == null ? null : InputRules.uuid("user id", token.userId());
        String email = token.email() == null ? null : InputRules.email(token.email());
        Duration ttl = InputRules.ttl("one-time token ttl", token.ttl());
        Instant now = DbTime.now(clock);
        OneTimeToken created = new OneTimeToken(InputRules.newId(now).toString(), hash, token.purpose(),
                user == null ? null : user.toString(), email, now, now.plus(ttl), null, null);
        ErrorContext ctx = ErrorContext.of("issue one-time token")
                .onConflict(c -> "a one-time token with this hash already exists in tenant '" + tenant.slug() + "'")
                .onMissingReference(c -> "user '" + token.userId() + "' not found in tenant '" + tenant.slug() + "'");
        Session.Binder insert = p -> p.uuid(tenant.id()).uuid(UUID.fromString(created.id())).string(hash)
                .string(created.purpose().name()).nullableUuid(user).nullableString(email)
                .instant(now).instant(created.expiresAt());
        if (!token.revokeOlder()) {
            runner.update(tenant, ctx, sql.get(Sql.INSERT), insert);
            return created;
        }
        // One transaction: when the insert fails (duplicate hash, unknown user) nothing is revoked.
        runner.transaction(tenant, ctx, s -> {
            s.update(sql.get(Sql.REVOKE_BY_USER), p -> p.instant(now).uuid(tenant.id()).uuid(Objects.requireNonNull(user))
                    .string(token.purpose().name()));
            return s.update(sql.get(Sql.INSERT), insert);
        });
        return created;
    }

    @Override
    public Optional<OneTimeToken> consume(String tokenHash, OneTimeTokenPurpose purpose) {
        String hash = InputRules.hash("one-time token hash", tokenHash, InputRules.MAX_HASH);
        Objects.requireNonNull(purpose, "purpose");
        Instant now = DbTime.now(clock);
        Session.Binder claim = p -> p.instant(now).uuid(tenant.id()).string(hash).string(purpose.name()).instant(now);
        if (runner.dialect().supportsReturning()) {
            return runner.one(tenant, CONSUME, sql.get(Sql.CONSUME_RETURNING), claim, TOKEN);
        }
        return runner.transaction(tenant, CONSUME, s -> s.update(sql.get(Sql.CONSUME), claim) == 0 ? Optional.empty()
                : s.one(sql.get(Sql.BY_HASH), p -> p.uuid(tenant.id()).string(hash), TOKEN));
    }

    @Override
    public Optional<OneTimeToken> getByHash(String tokenHash) {
        String hash = InputRules.hash("one-time token hash", tokenHash, InputRules.MAX_HASH);
        return runner.one(tenant, GET, sql.get(Sql.BY_HASH), p -> p.uuid(tenant.id()).string(hash), TOKEN);
    }

    @Override
    public int revokeAll(String userId, OneTimeTokenPurpose purpose) {
        UUID user = InputRules.uuid("user id", userId);
        Objects.requireNonNull(purpose, "purpose");
        Instant now = DbTime.now(clock);
        return runner.update(tenant, REVOKE, sql.get(Sql.REVOKE_BY_USER),
                p -> p.instant(now).uuid(tenant.id()).uuid(user).string(purpose.name()));
    }

    /**
     * Batches of at most {@link #DELETE_BATCH}: select the ids, delete them (checking the expiry
     * again), each in auto-commit, until a batch comes back short. Portable: PostgreSQL has no
     * {@code DELETE ... LIMIT}, MySQL no {@code LIMIT} in a subquery of the table being deleted from.
     */
    @Override
    public int deleteExpired(Instant before) {
        Objects.requireNonNull(before, "before");
        Instant cutoff = DbTime.of(before);
        int deleted = 0;
        while (true) {
            List<UUID> ids = runner.list(tenant, DELETE_EXPIRED, sql.get(Sql.EXPIRED_IDS),
                    p -> p.uuid(tenant.id()).instant(cutoff), ID);
            if (ids.isEmpty()) {
                return deleted;
            }
            List<UUID> padded = new ArrayList<>(ids);
            while (padded.size() < DELETE_BATCH) {
                padded.add(ids.get(0));
            }
            deleted += runner.update(tenant, DELETE_EXPIRED, sql.get(Sql.DELETE_IDS), p -> {
                p.uuid(tenant.id()).instant(cutoff);
                for (UUID id : padded) {
                    p.uuid(id);
                }
            });
            if (ids.size() < DELETE_BATCH) {
                return deleted;
            }
        }
    }
}

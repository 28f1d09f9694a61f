package io.tenantstore.jdbc.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.tenantstore.spi.InputRules;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.UnavailableException;
import io.tenantstore.model.NewRefreshToken;
import io.tenantstore.model.RefreshToken;
import io.tenantstore.repository.TokenRepository;
import org.jspecify.annotations.Nullable;

/**
 * Refresh tokens of one tenant, stored by hash. A token is active while it is neither revoked nor
 * rotated and not expired at the store clock's time. Thread-safe (immutable; each call takes its
 * own pooled connection).
 */
final class JdbcTokenRepository implements TokenRepository {
    private static final String COLUMNS = "id, token_hash, user_id, client_id, family_id, scopes, created_at,"
            + " expires_at, revoked_at, rotated_at";
    private static final String ACTIVE = " AND revoked_at IS NULL AND rotated_at IS NULL AND expires_at > ?";
    private static final Session.RowReader<RefreshToken> TOKEN = r -> new RefreshToken(r.id(1), r.string(2),
            r.id(3), r.string(4), r.id(5), Scopes.decode(r.string(6)), r.instant(7), r.instant(8),
            r.nullableInstant(9), r.nullableInstant(10));
    private static final ErrorContext GET = ErrorContext.of("read refresh token");
    private static final ErrorContext REVOKE = ErrorContext.of("revoke refresh tokens");
    private static final ErrorContext DELETE_EXPIRED = ErrorContext.of("delete expired refresh tokens");
    private static final ErrorContext ROTATE = ErrorContext.of("rotate refresh token")
            .onConflict(c -> "the successor's token hash already exists");

    private static final String REVOKE_SQL = "UPDATE {ts_refresh_tokens} SET revoked_at = ? WHERE tenant_id = ?";

    /** The statements; CLAIM_RETURNING only where the dialect supports RETURNING. */
    enum Sql implements StatementSet.Definition {
        INSERT(r -> r.stmt("INSERT INTO {ts_refresh_tokens} (tenant_id, id, token_hash, user_id, client_id,"
                + " family_id, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")),
        BY_HASH(r -> r.stmt("SELECT " + COLUMNS + " FROM {ts_refresh_tokens} WHERE tenant_id = ? AND token_hash = ?")),
        LOCK_BY_HASH(r -> r.stmt("SELECT " + COLUMNS + " FROM {ts_refresh_tokens}"
                + " WHERE tenant_id = ? AND token_hash = ?" + r.dialect().rowLockClause())),
        REVOKE(r -> r.stmt(REVOKE_SQL + " AND token_hash = ?" + ACTIVE)),
        REVOKE_BY_USER(r -> r.stmt(REVOKE_SQL + " AND user_id = ?" + ACTIVE)),
        REVOKE_BY_USER_AND_CLIENT(r -> r.stmt(REVOKE_SQL + " AND user_id = ? AND client_id = ?" + ACTIVE)),
        REVOKE_BY_CLIENT(r -> r.stmt(REVOKE_SQL + " AND client_id = ?" + ACTIVE)),
        DELETE_EXPIRED(r -> r.stmt("DELETE FROM {ts_refresh_tokens} WHERE tenant_id = ? AND expires_at <= ?")),
        CLAIM_RETURNING(r -> r.stmt("UPDATE {ts_refresh_tokens} SET rotated_at = ? WHERE tenant_id = ?"
                + " AND token_hash = ?" + ACTIVE + " RETURNING " + COLUMNS)),
        MARK_ROTATED(r -> r.stmt("UPDATE {ts_refresh_tokens} SET rotated_at = ? WHERE tenant_id = ? AND id = ?")),
        REVOKE_FAMILY(r -> r.stmt("UPDATE {ts_refresh_tokens} SET revoked_at = ?"
                + " WHERE tenant_id = ? AND family_id = ? AND revoked_at IS NULL"));

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

    JdbcTokenRepository(SqlRunner runner, BoundTenant tenant, StatementSet<Sql> sql, Clock clock) {
        this.runner = runner;
        this.tenant = tenant;
        this.sql = sql;
        this.clock = clock;
    }

    @Override
    public RefreshToken create(NewRefreshToken token) {
        Objects.requireNonNull(token, "token");
        String hash = InputRules.hash("token hash", token.tokenHash(), InputRules.MAX_HASH);
        UUID user = InputRules.uuid("user id", token.userId());
        String client = InputRules.clientId(token.clientId());
        String scopes = Scopes.encode(token.scopes());
        Duration ttl = InputRules.ttl("token ttl", token.ttl());
        Instant now = DbTime.now(clock);
        RefreshToken created = new RefreshToken(InputRules.newId(now).toString(), hash, user.toString(), client,
                InputRules.newId(now).toString(), token.scopes(), now, now.plus(ttl), null, null);
        ErrorContext ctx = ErrorContext.of("create refresh token")
                .onConflict(c -> "a refresh token with this hash already exists in tenant '" + tenant.slug() + "'")
                .onMissingReference(c -> "user '" + token.userId() + "' not found in tenant '" + tenant.slug() + "'");
        runner.update(tenant, ctx, sql.get(Sql.INSERT), bindInsert(created, scopes));
        return created;
    }

    private Session.Binder bindInsert(RefreshToken t, String scopes) {
        return p -> p.uuid(tenant.id()).uuid(UUID.fromString(t.id())).string(t.tokenHash())
                .uuid(UUID.fromString(t.userId())).string(t.clientId()).uuid(UUID.fromString(t.familyId()))
                .string(scopes).instant(t.createdAt()).instant(t.expiresAt());
    }

    @Override
    public Optional<RefreshToken> getByHash(String tokenHash) {
        String hash = InputRules.hash("token hash", tokenHash, InputRules.MAX_HASH);
        return runner.one(tenant, GET, sql.get(Sql.BY_HASH), p -> p.uuid(tenant.id()).string(hash), TOKEN);
    }

    @Override
    public boolean revoke(String tokenHash) {
        String hash = InputRules.hash("token hash", tokenHash, InputRules.MAX_HASH);
        Instant now = DbTime.now(clock);
        return runner.update(tenant, REVOKE, sql.get(Sql.REVOKE),
                p -> p.instant(now).uuid(tenant.id()).string(hash).instant(now)) > 0;
    }

    @Override
    public int revokeAllByUser(String userId, @Nullable String clientId) {
        UUID user = InputRules.uuid("user id", userId);
        Instant now = DbTime.now(clock);
        if (clientId == null) {
            return runner.update(tenant, REVOKE, sql.get(Sql.REVOKE_BY_USER),
                    p -> p.instant(now).uuid(tenant.id()).uuid(user).instant(now));
        }
        String client = InputRules.clientId(clientId);
        return runner.update(tenant, REVOKE, sql.get(Sql.REVOKE_BY_USER_AND_CLIENT),
                p -> p.instant(now).uuid(tenant.id()).uuid(user).string(client).instant(now));
    }

    @Override
    public int revokeAllByClient(String clientId) {
        String client = InputRules.clientId(clientId);
        Instant now = DbTime.now(clock);
        return runner.update(tenant, REVOKE, sql.get(Sql.REVOKE_BY_CLIENT),
                p -> p.instant(now).uuid(tenant.id()).string(client).instant(now));
    }

    @Override
    public int deleteExpired() {
        Instant now = DbTime.now(clock);
        return runner.update(tenant, DELETE_EXPIRED, sql.get(Sql.DELETE_EXPIRED), p -> p.uuid(tenant.id()).instant(now));
    }

    /**
     * One transaction: claim the presented token (mark it rotated, only if active) and insert its
     * successor. Concurrent callers queue on the token's row lock; the first claims it, the others
     * find it rotated, which is reuse: they revoke the family (the winner's successor included, as
     * the OAuth 2.0 Security BCP wants when a rotated token shows up again) and fail with
     * TOKEN_REUSED. The family revocation commits before the error is thrown.
     *
     * <p>Round trips with RETURNING (PostgreSQL): the claim, the insert, the commit.
     */
    @Override
    public RefreshToken rotate(String oldHash, String newHash, Duration ttl) {
        String presented = InputRules.hash("token hash", oldHash, InputRules.MAX_HASH);
        String successorHash = InputRules.hash("new token hash", newHash, InputRules.MAX_HASH);
        Duration lifetime = InputRules.ttl("token ttl", ttl);
        Instant now = DbTime.now(clock);
        UUID successorId = InputRules.newId(now);
        Outcome outcome = runner.transaction(tenant, ROTATE, s -> {
            RefreshToken claimed;
            RefreshToken current;
            if (runner.dialect().supportsReturning()) {
                claimed = s.one(sql.get(Sql.CLAIM_RETURNING), p -> p.instant(now).uuid(tenant.id()).string(presented)
                        .instant(now), TOKEN).orElse(null);
                current = claimed != null ? claimed
                        : s.one(sql.get(Sql.BY_HASH), p -> p.uuid(tenant.id()).string(presented), TOKEN).orElse(null);
            } else {
                current = s.one(sql.get(Sql.LOCK_BY_HASH), p -> p.uuid(tenant.id()).string(presented), TOKEN).orElse(null);
                claimed = current != null && current.isActiveAt(now) ? current : null;
                if (claimed != null) {
                    UUID id = UUID.fromString(claimed.id());
                    s.update(sql.get(Sql.MARK_ROTATED), p -> p.instant(now).uuid(tenant.id()).uuid(id));
                }
            }
            if (claimed != null) {
                RefreshToken successor = new RefreshToken(successorId.toString(), successorHash, claimed.userId(),
                        claimed.clientId(), claimed.familyId(), claimed.scopes(), now, now.plus(lifetime), null, null);
                s.update(sql.get(Sql.INSERT), bindInsert(successor, String.join(" ", successor.scopes())));
                return new Outcome(successor, null, "");
            }
            return refuse(s, current, now);
        });
        if (outcome.token() == null) {
            throw new InvalidInputException(Objects.requireNonNull(outcome.failure()), outcome.message());
        }
        return outcome.token();
    }

    /** Upper bound of family revocation passes; each further pass needs yet another racing rotation. */
    private static final int MAX_REVOKE_PASSES = 8;

    private Outcome refuse(Session s, @Nullable RefreshToken current, Instant now) throws SQLException {
        if (current == null) {
            return new Outcome(null, ErrorCode.INVALID_INPUT,
                    "unknown refresh token in tenant '" + tenant.slug() + "'");
        }
        if (current.rotatedAt() != null) {
            UUID family = UUID.fromString(current.familyId());
            // Each statement sees rows committed before it started: a successor a concurrent rotation
            // inserted while this one waited on a row lock is caught by the next pass. Stop when a
            // pass finds nothing left to revoke (bounded: every pass needs a newer rotation to race).
            for (int pass = 0; pass < MAX_REVOKE_PASSES; pass++) {
                if (s.update(sql.get(Sql.REVOKE_FAMILY), p -> p.instant(now).uuid(tenant.id()).uuid(family)) == 0) {
                    break;
                }
            }
            return new Outcome(null, ErrorCode.TOKEN_REUSED, "refresh token " + current.id()
                    + " was already rotated; its family " + current.familyId() + " is now revoked");
        }
        if (current.revokedAt() != null) {
            return new Outcome(null, ErrorCode.TOKEN_REVOKED, "refresh token " + current.id() + " was revoked");
        }
        if (!now.isBefore(current.expiresAt())) {
            return new Outcome(null, ErrorCode.TOKEN_EXPIRED,
                    "refresh token " + current.id() + " expired at " + current.expiresAt());
        }
        // Active now but not claimable a moment ago: the row changed between the two statements
        // (created concurrently with the same hash). Rare enough to let the caller retry.
        throw new UnavailableException(UnavailableException.Reason.CONTENTION,
                "refresh token " + current.id() + " changed during rotation; retry", null);
    }

    /** A rotation's result: the successor, or why it was refused. */
    private record Outcome(@Nullable RefreshToken token, @Nullable ErrorCode failure, String message) {
    }
}

package io.tenantstore.mongodb.internal;

import static io.tenantstore.mongodb.internal.StoreCollections.ID;
import static io.tenantstore.mongodb.internal.TenantContext.date;
import static io.tenantstore.mongodb.internal.TenantContext.instant;
import static io.tenantstore.mongodb.internal.TenantContext.instantOrNull;
import static io.tenantstore.mongodb.internal.TenantContext.strings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.tenantstore.spi.Text;
import io.tenantstore.spi.InputRules;
import io.tenantstore.ConflictException;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.model.NewRefreshToken;
import io.tenantstore.model.RefreshToken;
import io.tenantstore.repository.TokenRepository;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refresh tokens of one tenant in the {@code refresh_tokens} collection, found by hash through the
 * unique index {@code {tenantId, tokenHash}}.
 *
 * <p>Rotation uses single-document atomic updates only, so it holds on servers without
 * multi-document transactions: a {@code findOneAndUpdate} marks the presented token rotated only
 * if it is active at that instant, so of concurrent callers exactly one wins. The successor is
 * then inserted in the same family; if that insert fails, the mark is undone. Thread-safe.
 */
final class MongoTokenRepository implements TokenRepository {
    private static final Logger LOG = LoggerFactory.getLogger(MongoTokenRepository.class);
    // A token that is active when the conditional update misses it can only be one whose
    // state changed back (a clock step); a few laps settle it.
    private static final int ROTATE_ATTEMPTS = 3;

    private final TenantContext ctx;

    /** @param ctx the bound tenant */
    MongoTokenRepository(TenantContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public RefreshToken create(NewRefreshToken token) {
        Objects.requireNonNull(token, "token");
        InputRules.hash("token hash", token.tokenHash(), InputRules.MAX_HASH);
        InputRules.clientId(token.clientId());
        token.scopes().forEach(InputRules::scope);
        InputRules.ttl("token ttl", token.ttl());
        ctx.requireUser(token.userId());
        Instant now = ctx.now();
        Document doc = tokenDocument(token.tokenHash(), token.userId(), token.clientId(),
                UUID.randomUUID().toString(), token.scopes(), now, now.plus(token.ttl()));
        insert(doc, "create refresh token");
        return toToken(doc);
    }

    @Override
    public Optional<RefreshToken> getByHash(String tokenHash) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        return Optional.ofNullable(ctx.call("get refresh token",
                db -> db.refreshTokens().find(byHash(tokenHash)).first()))
                .map(MongoTokenRepository::toToken);
    }

    @Override
    public boolean revoke(String tokenHash) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Instant now = ctx.now();
        return ctx.call("revoke refresh token", db -> db.refreshTokens().updateOne(
                Filters.and(byHash(tokenHash), active(now)), Updates.set(Fields.REVOKED_AT, date(now)))
                .getModifiedCount() > 0);
    }

    @Override
    public int revokeAllByUser(String userId, @Nullable String clientId) {
        InputRules.id("user id", userId);
        if (clientId != null) {
            InputRules.clientId(clientId);
        }
        Instant now = ctx.now();
        Bson who = clientId == null ? Filters.eq(Fields.USER_ID, userId)
                : Filters.and(Filters.eq(Fields.USER_ID, userId), Filters.eq(Fields.CLIENT_ID, clientId));
        return revokeMany(who, now, "revoke refresh tokens of user");
    }

    @Override
    public int revokeAllByClient(String clientId) {
        InputRules.clientId(clientId);
        return revokeMany(Filters.eq(Fields.CLIENT_ID, clientId), ctx.now(), "revoke refresh tokens of client");
    }

    @Override
    public int deleteExpired() {
        Instant now = ctx.now();
        return ctx.call("delete expired refresh tokens", db -> (int) db.refreshTokens().deleteMany(
                ctx.filter(Filters.lte(Fields.EXPIRES_AT, date(now)))).getDeletedCount());
    }

    @Override
    public RefreshToken rotate(String oldHash, String newHash, Duration ttl) {
        Objects.requireNonNull(oldHash, "oldHash");
        InputRules.hash("successor token hash", newHash, InputRules.MAX_HASH);
        InputRules.ttl("token ttl", ttl);
        if (oldHash.equals(newHash)) {
            throw new InvalidInputException("the successor of a refresh token must have a different hash");
        }
        for (int attempt = 0; attempt < ROTATE_ATTEMPTS; attempt++) {
            Instant now = ctx.now();
            Document old = ctx.call("rotate refresh token", db -> db.refreshTokens().findOneAndUpdate(
                    Filters.and(byHash(oldHash), active(now)), Updates.set(Fields.ROTATED_AT, date(now)),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
            if (old != null) {
                return successor(old, newHash, ttl, now);
            }
            refuse(oldHash, now);
        }
        throw new ConflictException("rotate refresh token in tenant " + Text.quote(ctx.slug())
                + " failed: the token changed state " + ROTATE_ATTEMPTS + " times while being rotated");
    }

    private RefreshToken successor(Document old, String newHash, Duration ttl, Instant now) {
        Document next = tokenDocument(newHash, old.getString(Fields.USER_ID), old.getString(Fields.CLIENT_ID),
                old.getString(Fields.FAMILY_ID), strings(old, Fields.SCOPES), now, now.plus(ttl));
        try {
            insert(next, "rotate refresh token");
        } catch (RuntimeException e) {
            // Give the caller its token back: the exchange did not happen. Only our own mark is undone.
            try {
                ctx.call("undo rotation mark", db -> db.refreshTokens().updateOne(
                        ctx.filter(Filters.eq(ID, old.getString(ID)), Filters.eq(Fields.ROTATED_AT, date(now))),
                        Updates.set(Fields.ROTATED_AT, null)));
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
                LOG.warn("could not undo the rotation mark of refresh token {} in tenant {}", old.getString(ID),
                        ctx.slug());
            }
            throw e;
        }
        // Claim and insert are two operations: a family revocation (reuse detected elsewhere) that ran
        // between them revoked the predecessor but could not see the successor. Look, and follow it.
        Document predecessor = ctx.call("rotate refresh token", db -> db.refreshTokens()
                .find(ctx.filter(Filters.eq(ID, old.getString(ID)))).first());
        if (predecessor != null && predecessor.get(Fields.REVOKED_AT) != null) {
            // As on SQL engines, the exchange itself succeeded; the successor joins its revoked family.
            ctx.call("revoke refresh token", db -> db.refreshTokens().updateOne(
                    ctx.filter(Filters.eq(ID, next.getString(ID)), Filters.eq(Fields.REVOKED_AT, null)),
                    Updates.set(Fields.REVOKED_AT, date(now))));
        }
        return toToken(next);
    }

    /** The conditional update missed: says why, revoking the family on reuse. Returns to retry. */
    private void refuse(String oldHash, Instant now) {
        Document current = ctx.call("rotate refresh token", db -> db.refreshTokens().find(byHash(oldHash)).first());
        if (current == null) {
            throw new InvalidInputException("unknown refresh token in tenant " + Text.quote(ctx.slug()));
        }
        RefreshToken t = toToken(current);
        if (t.rotatedAt() != null) {
            int revoked = ctx.call("revoke refresh token family", db -> (int) db.refreshTokens().updateMany(
                    ctx.filter(Filters.eq(Fields.FAMILY_ID, t.familyId()), Filters.eq(Fields.REVOKED_AT, null)),
                    Updates.set(Fields.REVOKED_AT, date(now))).getModifiedCount());
            LOG.warn("refresh token reuse in tenant {}: token {} of family {} was presented after rotation;"
                    + " revoked {} token(s) of the family", ctx.slug(), t.id(), t.familyId(), revoked);
            throw new InvalidInputException(ErrorCode.TOKEN_REUSED, "refresh token " + t.id() + " in tenant "
                    + Text.quote(ctx.slug()) + " was already rotated; its family " + t.familyId() + " is revoked");
        }
        if (t.revokedAt() != null) {
            throw new InvalidInputException(ErrorCode.TOKEN_REVOKED, "refresh token " + t.id() + " in tenant "
                    + Text.quote(ctx.slug()) + " was revoked at " + t.revokedAt());
        }
        if (!now.isBefore(t.expiresAt())) {
            throw new InvalidInputException(ErrorCode.TOKEN_EXPIRED, "refresh token " + t.id() + " in tenant "
                    + Text.quote(ctx.slug()) + " expired at " + t.expiresAt());
        }
        // Active after all (its state changed between the two reads): the caller tries again.
    }

    private int revokeMany(Bson who, Instant now, String operation) {
        return ctx.call(operation, db -> (int) db.refreshTokens().updateMany(ctx.filter(who, active(now)),
                Updates.set(Fields.REVOKED_AT, date(now))).getModifiedCount());
    }

    private void insert(Document doc, String operation) {
        ctx.call(operation, db -> {
            try {
                return db.refreshTokens().insertOne(doc);
            } catch (MongoException e) {
                if (MongoErrors.isDuplicateKey(e)) {
                    throw new ConflictException("a refresh token with that hash already exists in tenant "
                            + Text.quote(ctx.slug()), e);
                }
                throw e;
            }
        });
    }

    private Document tokenDocument(String hash, String userId, String clientId, String familyId, List<String> scopes,
                                   Instant createdAt, Instant expiresAt) {
        return ctx.newDocument()
                .append(ID, UUID.randomUUID().toString())
                .append(Fields.TOKEN_HASH, hash)
                .append(Fields.USER_ID, userId)
                .append(Fields.CLIENT_ID, clientId)
                .append(Fields.FAMILY_ID, familyId)
                .append(Fields.SCOPES, new ArrayList<>(scopes))
                .append(Fields.CREATED_AT, date(createdAt))
                .append(Fields.EXPIRES_AT, date(expiresAt))
                .append(Fields.REVOKED_AT, null)
                .append(Fields.ROTATED_AT, null);
    }

    private Bson byHash(String hash) {
        return ctx.filter(Filters.eq(Fields.TOKEN_HASH, hash));
    }

    /** Not revoked, not rotated, not expired at {@code now}. */
    private static Bson active(Instant now) {
        return Filters.and(Filters.eq(Fields.REVOKED_AT, null), Filters.eq(Fields.ROTATED_AT, null),
                Filters.gt(Fields.EXPIRES_AT, date(now)));
    }

    private static RefreshToken toToken(Document d) {
        return new RefreshToken(d.getString(ID), d.getString(Fields.TOKEN_HASH), d.getString(Fields.USER_ID),
                d.getString(Fields.CLIENT_ID), d.getString(Fields.FAMILY_ID), strings(d, Fields.SCOPES),
                instant(d, Fields.CREATED_AT), instant(d, Fields.EXPIRES_AT), instantOrNull(d, Fields.REVOKED_AT),
                instantOrNull(d, Fields.ROTATED_AT));
    }
}

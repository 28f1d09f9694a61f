package io.tenantstore.mongodb.internal;

import static io.tenantstore.mongodb.internal.StoreCollections.ID;
import static io.tenantstore.mongodb.internal.TenantContext.date;
import static io.tenantstore.mongodb.internal.TenantContext.instant;
import static io.tenantstore.mongodb.internal.TenantContext.instantOrNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.tenantstore.ConflictException;
import io.tenantstore.spi.InputRules;
import io.tenantstore.spi.Text;
import io.tenantstore.model.NewOneTimeToken;
import io.tenantstore.model.OneTimeToken;
import io.tenantstore.model.OneTimeTokenPurpose;
import io.tenantstore.repository.OneTimeTokenRepository;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-time tokens of one tenant in the {@code one_time_tokens} collection, found by hash through
 * the unique index {@code {tenantId, tokenHash}}. Consuming is one {@code findOneAndUpdate} that
 * matches only a usable token of that purpose, so of concurrent callers exactly one gets it, on
 * servers without multi-document transactions too. Thread-safe.
 */
final class MongoOneTimeTokenRepository implements OneTimeTokenRepository {
    private static final Logger LOG = LoggerFactory.getLogger(MongoOneTimeTokenRepository.class);

    private final TenantContext ctx;

    /** @param ctx the bound tenant */
    MongoOneTimeTokenRepository(TenantContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Without transactions, revoking the older tokens runs after the insert and skips the new one;
     * when it fails the new token is deleted again, so the caller sees an error and no new token.
     */
    @Override
    public OneTimeToken issue(NewOneTimeToken token) {
        Objects.requireNonNull(token, "token");
        InputRules.hash("one-time token hash", token.tokenHash(), InputRules.MAX_HASH);
        if (token.email() != null) {
            InputRules.email(token.email());
        }
        InputRules.ttl("one-time token ttl", token.ttl());
        if (token.userId() != null) {
            ctx.requireUser(token.userId());
        }
        Instant now = ctx.now();
        String id = InputRules.newId(now).toString();
        Document doc = ctx.newDocument()
                .append(ID, id)
                .append(Fields.TOKEN_HASH, token.tokenHash())
                .append(Fields.PURPOSE, token.purpose().name())
                .append(Fields.USER_ID, token.userId())
                .append(Fields.EMAIL, token.email())
                .append(Fields.CREATED_AT, date(now))
                .append(Fields.EXPIRES_AT, date(now.plus(token.ttl())))
                .append(Fields.CONSUMED_AT, null)
                .append(Fields.REVOKED_AT, null);
        ctx.call("issue one-time token", db -> {
            try {
                return db.collection(StoreCollections.ONE_TIME_TOKENS).insertOne(doc);
            } catch (MongoException e) {
                if (MongoErrors.isDuplicateKey(e)) {
                    throw new ConflictException("a one-time token with that hash already exists in tenant "
                            + Text.quote(ctx.slug()), e);
                }
                throw e;
            }
        });
        if (token.revokeOlder()) {
            try {
                revoke(Filters.eq(Fields.USER_ID, token.userId()), token.purpose(), Filters.ne(ID, id), now);
            } catch (RuntimeException e) {
                try {
                    ctx.call("undo one-time token issue", db -> db.collection(StoreCollections.ONE_TIME_TOKENS)
                            .deleteOne(ctx.filter(Filters.eq(ID, id))));
                } catch (RuntimeException undo) {
                    e.addSuppressed(undo);
                    LOG.warn("could not remove one-time token {} of tenant {} after a failed issue", id, ctx.slug());
                }
                throw e;
            }
        }
        return toToken(doc);
    }

    @Override
    public Optional<OneTimeToken> consume(String tokenHash, OneTimeTokenPurpose purpose) {
        InputRules.hash("one-time token hash", tokenHash, InputRules.MAX_HASH);
        Objects.requireNonNull(purpose, "purpose");
        Instant now = ctx.now();
        Document consumed = ctx.call("consume one-time token", db -> db.collection(StoreCollections.ONE_TIME_TOKENS)
                .findOneAndUpdate(ctx.filter(Filters.eq(Fields.TOKEN_HASH, tokenHash),
                                Filters.eq(Fields.PURPOSE, purpose.name()), Filters.eq(Fields.CONSUMED_AT, null),
                                Filters.eq(Fields.REVOKED_AT, null), Filters.gt(Fields.EXPIRES_AT, date(now))),
                        Updates.set(Fields.CONSUMED_AT, date(now)),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
        return Optional.ofNullable(consumed).map(MongoOneTimeTokenRepository::toToken);
    }

    @Override
    public Optional<OneTimeToken> getByHash(String tokenHash) {
        InputRules.hash("one-time token hash", tokenHash, InputRules.MAX_HASH);
        return Optional.ofNullable(ctx.call("get one-time token", db -> db.collection(StoreCollections.ONE_TIME_TOKENS)
                .find(ctx.filter(Filters.eq(Fields.TOKEN_HASH, tokenHash))).first()))
                .map(MongoOneTimeTokenRepository::toToken);
    }

    @Override
    public int revokeAll(String userId, OneTimeTokenPurpose purpose) {
        InputRules.id("user id", userId);
        Objects.requireNonNull(purpose, "purpose");
        return revoke(Filters.eq(Fields.USER_ID, userId), purpose, null, ctx.now());
    }

    private int revoke(Bson user, OneTimeTokenPurpose purpose, Bson except, Instant now) {
        List<Bson> clauses = new ArrayList<>(List.of(user, Filters.eq(Fields.PURPOSE, purpose.name()),
                Filters.eq(Fields.CONSUMED_AT, null), Filters.eq(Fields.REVOKED_AT, null)));
        if (except != null) {
            clauses.add(except);
        }
        return ctx.call("revoke one-time tokens", db -> (int) db.collection(StoreCollections.ONE_TIME_TOKENS)
                .updateMany(ctx.filter(clauses.toArray(Bson[]::new)), Updates.set(Fields.REVOKED_AT, date(now)))
                .getModifiedCount());
    }

    /** Batches of at most {@link #DELETE_BATCH}: find the ids through the expiry index, delete them. */
    @Override
    public int deleteExpired(Instant before) {
        Objects.requireNonNull(before, "before");
        Bson expired = Filters.lte(Fields.EXPIRES_AT, date(before));
        int deleted = 0;
        while (true) {
            List<Object> ids = ctx.call("delete expired one-time tokens", db -> {
                List<Object> found = new ArrayList<>();
                for (Document d : db.collection(StoreCollections.ONE_TIME_TOKENS).find(ctx.filter(expired))
                        .projection(Projections.include(ID)).sort(Sorts.ascending(Fields.EXPIRES_AT))
                        .limit(DELETE_BATCH)) {
                    found.add(d.get(ID));
                }
                return found;
            });
            if (ids.isEmpty()) {
                return deleted;
            }
            deleted += ctx.call("delete expired one-time tokens", db -> (int) db.collection(
                    StoreCollections.ONE_TIME_TOKENS).deleteMany(ctx.filter(Filters.in(ID, ids), expired))
                    .getDeletedCount());
            if (ids.size() < DELETE_BATCH) {
                return deleted;
            }
        }
    }

    private static OneTimeToken toToken(Document d) {
        return new OneTimeToken(d.getString(ID), d.getString(Fields.TOKEN_HASH),
                OneTimeTokenPurpose.valueOf(d.getString(Fields.PURPOSE)), d.getString(Fields.USER_ID),
                d.getString(Fields.EMAIL), instant(d, Fields.CREATED_AT), instant(d, Fields.EXPIRES_AT),
                instantOrNull(d, Fields.CONSUMED_AT), instantOrNull(d, Fields.REVOKED_AT));
    }
}

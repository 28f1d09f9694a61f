package io.tenantstore.mongodb.internal;

import static io.tenantstore.mongodb.internal.StoreCollections.ID;
import static io.tenantstore.mongodb.internal.TenantContext.date;
import static io.tenantstore.mongodb.internal.TenantContext.instant;

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
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.spi.InputRules;
import io.tenantstore.spi.Text;
import io.tenantstore.model.NewIdentity;
import io.tenantstore.model.UserIdentity;
import io.tenantstore.repository.IdentityRepository;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * External identities of one tenant's users in the {@code identities} collection (unique index
 * {@code {tenantId, provider, subject}}), and the password embedded in the user's document.
 *
 * <p>Unlinking uses single-document operations only, so it holds on servers without transactions:
 * the identity is removed first, then the user's remaining ways to sign in are counted, and when
 * none is left the identity is put back and the call refused. Two concurrent unlinks of a user's
 * last two identities may then both be refused (never both succeed). Thread-safe.
 */
final class MongoIdentityRepository implements IdentityRepository {
    private static final Logger LOG = LoggerFactory.getLogger(MongoIdentityRepository.class);

    private final TenantContext ctx;

    /** @param ctx the bound tenant */
    MongoIdentityRepository(TenantContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public UserIdentity link(String userId, NewIdentity identity) {
        InputRules.id("user id", userId);
        Objects.requireNonNull(identity, "identity");
        String provider = InputRules.identityPart("identity provider", identity.provider());
        if (UserIdentity.PASSWORD.equals(provider)) {
            throw new InvalidInputException("the password identity is set through users(), not linked");
        }
        InputRules.identityPart("identity subject", identity.subject());
        if (identity.email() != null) {
            InputRules.email(identity.email());
        }
        InputRules.jsonObject("identity claims", identity.claims(), InputRules.MAX_CLAIMS);
        ctx.requireUser(userId);
        Instant now = ctx.now();
        Document doc = ctx.newDocument()
                .append(ID, InputRules.newId(now).toString())
                .append(Fields.PROVIDER, provider)
                .append(Fields.SUBJECT, identity.subject())
                .append(Fields.USER_ID, userId)
                .append(Fields.EMAIL, identity.email())
                .append(Fields.EMAIL_VERIFIED, identity.emailVerified())
                .append(Fields.CLAIMS, identity.claims())
                .append(Fields.CREATED_AT, date(now))
                .append(Fields.UPDATED_AT, date(now));
        insert(doc);
        return toIdentity(doc);
    }

    private void insert(Document doc) {
        ctx.call("link identity", db -> {
            try {
                return db.collection(StoreCollections.IDENTITIES).insertOne(doc);
            } catch (MongoException e) {
                if (MongoErrors.isDuplicateKey(e)) {
                    throw new ConflictException("identity " + Text.quote(doc.getString(Fields.PROVIDER)) + " / "
                            + Text.quote(doc.getString(Fields.SUBJECT)) + " is already linked to a user of tenant "
                            + Text.quote(ctx.slug()), e);
                }
                throw e;
            }
        });
    }

    @Override
    public boolean unlink(String userId, String provider, String subject) {
        InputRules.id("user id", userId);
        InputRules.identityPart("identity provider", provider);
        InputRules.identityPart("identity subject", subject);
        if (UserIdentity.PASSWORD.equals(provider)) {
            return subject.equalsIgnoreCase(userId) && unlinkPassword(userId);
        }
        Document removed = ctx.call("unlink identity", db -> db.collection(StoreCollections.IDENTITIES)
                .findOneAndDelete(ctx.filter(Filters.eq(Fields.PROVIDER, provider), Filters.eq(Fields.SUBJECT, subject),
                        Filters.eq(Fields.USER_ID, userId))));
        if (removed == null) {
            return false;
        }
        if (waysToSignIn(userId) == 0) {
            restore(() -> insert(removed), userId, provider);
            throw lastWay(userId, provider);
        }
        return true;
    }

    private boolean unlinkPassword(String userId) {
        Document before = ctx.call("unlink password", db -> db.users().findOneAndUpdate(
                ctx.filter(Filters.eq(ID, userId), Filters.ne(Fields.PASSWORD, null)),
                Updates.set(Fields.PASSWORD, null), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)));
        if (before == null) {
            return false;
        }
        if (waysToSignIn(userId) == 0) {
            Document password = before.get(Fields.PASSWORD, Document.class);
            restore(() -> ctx.call("restore password", db -> db.users().updateOne(
                    ctx.filter(Filters.eq(ID, userId), Filters.eq(Fields.PASSWORD, null)),
                    Updates.set(Fields.PASSWORD, password))), userId, UserIdentity.PASSWORD);
            throw lastWay(userId, UserIdentity.PASSWORD);
        }
        return true;
    }

    private void restore(Runnable undo, String userId, String provider) {
        try {
            undo.run();
        } catch (RuntimeException e) {
            LOG.error("could not restore identity {} of user {} in tenant {} after refusing to unlink it", provider,
                    userId, ctx.slug(), e);
            throw e;
        }
    }

    /** @return the password (0 or 1) plus the external identities the user has now */
    private long waysToSignIn(String userId) {
        long external = ctx.call("count identities", db -> db.collection(StoreCollections.IDENTITIES)
                .countDocuments(ctx.filter(Filters.eq(Fields.USER_ID, userId))));
        long password = ctx.call("count identities", db -> db.users().countDocuments(
                ctx.filter(Filters.eq(ID, userId), Filters.ne(Fields.PASSWORD, null))));
        return external + password;
    }

    @Override
    public Optional<UserIdentity> find(String provider, String subject) {
        InputRules.identityPart("identity provider", provider);
        InputRules.identityPart("identity subject", subject);
        return Optional.ofNullable(ctx.call("find identity", db -> db.collection(StoreCollections.IDENTITIES)
                .find(byKey(provider, subject)).first())).map(MongoIdentityRepository::toIdentity);
    }

    @Override
    public List<UserIdentity> list(String userId) {
        InputRules.id("user id", userId);
        List<UserIdentity> all = new ArrayList<>();
        Document user = ctx.call("list identities", db -> db.users().find(ctx.filter(Filters.eq(ID, userId)))
                .projection(Projections.include(Fields.EMAIL, Fields.EMAIL_VERIFIED, Fields.PASSWORD)).first());
        if (user == null) {
            return all;
        }
        Document password = user.get(Fields.PASSWORD, Document.class);
        if (password != null) {
            Instant set = instant(password, Fields.PASSWORD_UPDATED_AT);
            all.add(new UserIdentity(userId, UserIdentity.PASSWORD, userId, user.getString(Fields.EMAIL),
                    Boolean.TRUE.equals(user.getBoolean(Fields.EMAIL_VERIFIED)), null, set, set));
        }
        ctx.call("list identities", db -> db.collection(StoreCollections.IDENTITIES)
                .find(ctx.filter(Filters.eq(Fields.USER_ID, userId)))
                .sort(Sorts.ascending(Fields.PROVIDER, Fields.SUBJECT)).into(new ArrayList<>()))
                .forEach(d -> all.add(toIdentity(d)));
        return all;
    }

    private Bson byKey(String provider, String subject) {
        return ctx.filter(Filters.eq(Fields.PROVIDER, provider), Filters.eq(Fields.SUBJECT, subject));
    }

    private static ConflictException lastWay(String userId, String provider) {
        return new ConflictException(ErrorCode.LAST_SIGN_IN_METHOD, "identity " + Text.quote(provider)
                + " is the only way user " + Text.quote(userId) + " signs in; link another one first");
    }

    private static UserIdentity toIdentity(Document d) {
        return new UserIdentity(d.getString(Fields.USER_ID), d.getString(Fields.PROVIDER), d.getString(Fields.SUBJECT),
                d.getString(Fields.EMAIL), Boolean.TRUE.equals(d.getBoolean(Fields.EMAIL_VERIFIED)),
                d.getString(Fields.CLAIMS), instant(d, Fields.CREATED_AT), instant(d, Fields.UPDATED_AT));
    }
}

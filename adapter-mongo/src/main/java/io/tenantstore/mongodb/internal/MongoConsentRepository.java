package io.tenantstore.mongodb.internal;

import static io.tenantstore.mongodb.internal.TenantContext.date;
import static io.tenantstore.mongodb.internal.TenantContext.instant;
import static io.tenantstore.mongodb.internal.TenantContext.instantOrNull;
import static io.tenantstore.mongodb.internal.TenantContext.strings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.tenantstore.spi.InputRules;
import io.tenantstore.model.Consent;
import io.tenantstore.repository.ConsentRepository;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * OAuth consents of one tenant in the {@code consents} collection, one document per user and
 * client (unique index {@code {tenantId, userId, clientId}}). Thread-safe.
 */
final class MongoConsentRepository implements ConsentRepository {
    private static final int UPSERT_ATTEMPTS = 2;

    private final TenantContext ctx;

    /** @param ctx the bound tenant */
    MongoConsentRepository(TenantContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Consent upsert(String userId, String clientId, Set<String> scopes) {
        InputRules.clientId(clientId);
        Objects.requireNonNull(scopes, "scopes");
        TreeSet<String> sorted = new TreeSet<>();
        for (String s : scopes) {
            sorted.add(InputRules.scope(s));
        }
        ctx.requireUser(userId);
        Instant now = ctx.now();
        // grantedAt is the first grant: kept when a consent is widened or reactivated.
        Bson change = Updates.combine(
                Updates.set(Fields.SCOPES, new ArrayList<>(sorted)),
                Updates.set(Fields.UPDATED_AT, date(now)),
                Updates.set(Fields.REVOKED_AT, null),
                Updates.setOnInsert(Fields.GRANTED_AT, date(now)));
        FindOneAndUpdateOptions options = new FindOneAndUpdateOptions().upsert(true)
                .returnDocument(ReturnDocument.AFTER);
        Document doc = ctx.call("grant consent", db -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    return db.consents().findOneAndUpdate(byKey(userId, clientId), change, options);
                } catch (MongoException e) {
                    // Two first grants raced; the second attempt updates the winner's document.
                    if (attempt >= UPSERT_ATTEMPTS || !MongoErrors.isDuplicateKey(e)) {
                        throw e;
                    }
                }
            }
        });
        return toConsent(doc);
    }

    @Override
    public Optional<Consent> get(String userId, String clientId) {
        InputRules.id("user id", userId);
        InputRules.clientId(clientId);
        return Optional.ofNullable(ctx.call("get consent", db -> db.consents().find(byKey(userId, clientId)).first()))
                .map(MongoConsentRepository::toConsent);
    }

    @Override
    public List<Consent> listByUser(String userId, boolean activeOnly) {
        InputRules.id("user id", userId);
        Bson filter = activeOnly
                ? ctx.filter(Filters.eq(Fields.USER_ID, userId), Filters.eq(Fields.REVOKED_AT, null))
                : ctx.filter(Filters.eq(Fields.USER_ID, userId));
        List<Document> docs = ctx.call("list consents", db -> db.consents().find(filter)
                .sort(Sorts.ascending(Fields.CLIENT_ID)).into(new ArrayList<>()));
        List<Consent> out = new ArrayList<>(docs.size());
        for (Document d : docs) {
            out.add(toConsent(d));
        }
        return List.copyOf(out);
    }

    @Override
    public boolean revoke(String userId, String clientId) {
        InputRules.id("user id", userId);
        InputRules.clientId(clientId);
        Instant now = ctx.now();
        return ctx.call("revoke consent", db -> db.consents().updateOne(
                Filters.and(byKey(userId, clientId), Filters.eq(Fields.REVOKED_AT, null)),
                Updates.combine(Updates.set(Fields.REVOKED_AT, date(now)), Updates.set(Fields.UPDATED_AT, date(now))))
                .getModifiedCount() > 0);
    }

    private Bson byKey(String userId, String clientId) {
        return ctx.filter(Filters.eq(Fields.USER_ID, userId), Filters.eq(Fields.CLIENT_ID, clientId));
    }

    private static Consent toConsent(Document d) {
        return new Consent(d.getString(Fields.USER_ID), d.getString(Fields.CLIENT_ID), strings(d, Fields.SCOPES),
                instant(d, Fields.GRANTED_AT), instant(d, Fields.UPDATED_AT), instantOrNull(d, Fields.REVOKED_AT));
    }
}

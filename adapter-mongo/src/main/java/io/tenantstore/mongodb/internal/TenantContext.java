package io.tenantstore.mongodb.internal;

import static io.tenantstore.mongodb.internal.StoreCollections.TENANT_ID;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.PasswordHasher;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * What every repository of one bound tenant shares: the tenant id written into every document and
 * every filter, the tenant's database, the store's clock and password hasher, and the translation
 * of driver exceptions. Immutable and thread-safe.
 */
final class TenantContext {
    private final String tenantId;
    private final String slug;
    private final MongoDatabase database;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final Bson tenantFilter;

    /**
     * @param tenantId the bound tenant
     * @param slug     its slug, for messages
     * @param database where its documents live
     * @param clock    the store's clock
     * @param hasher   the store's password hasher
     */
    TenantContext(String tenantId, String slug, MongoDatabase database, Clock clock, PasswordHasher hasher) {
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.slug = Objects.requireNonNull(slug, "slug");
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.tenantFilter = Filters.eq(TENANT_ID, tenantId);
    }

    /** @return the bound tenant id */
    String tenantId() {
        return tenantId;
    }

    /** @return the tenant's slug */
    String slug() {
        return slug;
    }

    /** @return the tenant's database (in shared isolation: the shared one, not filtered) */
    MongoDatabase database() {
        return database;
    }

    /** @return the store's password hasher */
    PasswordHasher hasher() {
        return hasher;
    }

    /**
     * @param name a collection of {@link StoreCollections}
     * @return it, in the tenant's database
     */
    MongoCollection<Document> collection(String name) {
        return database.getCollection(name);
    }

    /** @return the store's time, cut to milliseconds because BSON dates hold no finer unit */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * @param clauses conditions besides the tenant
     * @return the tenant condition and-ed with {@code clauses}; every query goes through here
     */
    Bson filter(Bson... clauses) {
        if (clauses.length == 0) {
            return tenantFilter;
        }
        List<Bson> all = new ArrayList<>(clauses.length + 1);
        all.add(tenantFilter);
        all.addAll(List.of(clauses));
        return Filters.and(all);
    }

    /**
     * Checks that a user exists in this tenant, for writes that attach records to a user (there
     * are no foreign keys in MongoDB). A user deleted right after the check leaves records that
     * the next delete of that user id removes.
     *
     * @param userId the user
     * @throws InvalidInputException when the id is not a UUID
     * @throws NotFoundException     when the tenant has no such user
     */
    void requireUser(String userId) {
        InputRules.id("user id", userId);
        boolean exists = call("check user", () -> collection(StoreCollections.USERS)
                .find(filter(Filters.eq(StoreCollections.ID, userId)))
                .projection(Projections.include(StoreCollections.ID)).first() != null);
        if (!exists) {
            throw new NotFoundException("no user " + Quote.of(userId) + " in tenant " + Quote.of(slug));
        }
    }

    /** @return a new document already carrying the tenant id */
    Document newDocument() {
        return new Document(TENANT_ID, tenantId);
    }

    /**
     * Runs driver work, translating its exceptions (see {@link MongoErrors}).
     *
     * @param operation what is done, e.g. {@code "create user"}; the tenant is added
     * @param work      the work
     * @param <T>       the result type
     * @return the work's result
     */
    <T> T call(String operation, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw MongoErrors.translate(e, describe(operation));
        }
    }

    /**
     * @param operation what is done
     * @return the operation naming the tenant, for messages
     */
    String describe(String operation) {
        return operation + " in tenant " + Quote.of(slug);
    }

    /** @param instant a time @return it as a BSON date */
    static Date date(Instant instant) {
        return Date.from(instant);
    }

    /** @param instant a time or null @return it as a BSON date, or null */
    static @Nullable Date dateOrNull(@Nullable Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    /**
     * @param d     a document
     * @param field a date field that must be present
     * @return its value
     */
    static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        if (date == null) {
            throw new IllegalStateException("document " + d.get(StoreCollections.ID) + " lacks " + field);
        }
        return date.toInstant();
    }

    /**
     * @param d     a document
     * @param field a date field that may be absent or null
     * @return its value, or null
     */
    static @Nullable Instant instantOrNull(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }

    /**
     * @param d     a document
     * @param field a string-array field that may be absent
     * @return its strings, empty when absent
     */
    static List<String> strings(Document d, String field) {
        List<String> list = d.getList(field, String.class);
        return list == null ? List.of() : list;
    }
}

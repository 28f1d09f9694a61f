package io.tenantstore.mongodb.internal;

import static io.tenantstore.mongodb.internal.StoreCollections.TENANT_ID;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.tenantstore.spi.Text;
import io.tenantstore.spi.InputRules;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.PasswordHasher;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * What every repository of one bound tenant shares: the tenant id written into every document and
 * every filter, the name of the tenant's database, the data source's current client
 * ({@link ClientHolder}), the store's clock and password hasher, and the translation of driver
 * exceptions. Repositories reach the database only through {@link #call}, which hands them the
 * handles of the client current at that moment. Thread-safe.
 */
final class TenantContext {
    private final String tenantId;
    private final String slug;
    private final String databaseName;
    private final ClientHolder clients;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final Bson tenantFilter;
    private final String inTenant;
    // The handles of the generation last used. Racy on purpose: DatabaseHandles has final fields
    // only, so a stale or torn read is impossible; a stale one is simply looked up again.
    private @Nullable DatabaseHandles lastHandles;

    /**
     * @param tenantId     the bound tenant
     * @param slug         its slug, for messages
     * @param databaseName where its documents live
     * @param clients      the data source's client
     * @param clock        the store's clock
     * @param hasher       the store's password hasher
     */
    TenantContext(String tenantId, String slug, String databaseName, ClientHolder clients, Clock clock,
                  PasswordHasher hasher) {
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.slug = Objects.requireNonNull(slug, "slug");
        this.databaseName = Objects.requireNonNull(databaseName, "databaseName");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.tenantFilter = Filters.eq(TENANT_ID, tenantId);
        this.inTenant = " in tenant " + Text.quote(slug);
    }

    /** @return the bound tenant id */
    String tenantId() {
        return tenantId;
    }

    /** @return the tenant's slug */
    String slug() {
        return slug;
    }

    /** @return the name of the tenant's database */
    String databaseName() {
        return databaseName;
    }

    /**
     * @return the tenant's database (in shared isolation: the shared one, not filtered) through the
     *         current client; stops working when a credential rotation replaces that client
     */
    MongoDatabase database() {
        return clients.current().database(databaseName).database();
    }

    /** @return the data source's current client, for {@code unwrap}; stops working when replaced */
    MongoClient client() {
        return clients.current().client();
    }

    /** @return the store's password hasher */
    PasswordHasher hasher() {
        return hasher;
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
        boolean exists = call("check user", db -> db.users()
                .find(filter(Filters.eq(StoreCollections.ID, userId)))
                .projection(Projections.include(StoreCollections.ID)).first() != null);
        if (!exists) {
            throw new NotFoundException("no user " + Text.quote(userId) + " in tenant " + Text.quote(slug));
        }
    }

    /** @return a new document already carrying the tenant id */
    Document newDocument() {
        return new Document(TENANT_ID, tenantId);
    }

    /**
     * Runs driver work on the tenant's database through the data source's current client,
     * translating its exceptions (see {@link MongoErrors}). When the server refuses the client's
     * login and the credential source has a new credential, the work runs once more on a new
     * client ({@link ClientHolder#execute}); so it must send at most one write, as its last
     * request, and take every driver handle from the {@link DatabaseHandles} it is given.
     *
     * @param operation what is done, e.g. {@code "create user"}; the tenant is added
     * @param work      the work
     * @param <T>       the result type
     * @return the work's result
     */
    <T> T call(String operation, Function<DatabaseHandles, T> work) {
        return clients.execute(operation, inTenant, g -> work.apply(handles(g)));
    }

    private DatabaseHandles handles(ClientGeneration g) {
        DatabaseHandles h = lastHandles;
        if (h == null || h.generation() != g) {
            h = g.database(databaseName);
            lastHandles = h;
        }
        return h;
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

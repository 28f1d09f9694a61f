package io.tenantstore.mongodb.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.mongodb.MongoException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.tenantstore.ConflictException;
import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.HealthReport;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.ControlPlaneStore;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's documents in MongoDB: one document per tenant in {@code ts_cp_tenants}
 * holding its five documents and their revisions (so every write is one atomic document
 * operation, no transaction needed), the administrators document in {@code ts_cp_admins} (one
 * Mongo document, {@code _id: "admins"}), a change log in {@code ts_cp_changes} numbered by a counter
 * in {@code ts_cp_counters}. The database is the one named in the URL, else
 * {@value #DEFAULT_DATABASE}. The change-log entry is written right after the document: a process
 * killed between the two leaves the tenant consistent, and other processes then see the write on
 * their next read of that tenant rather than within the second. Thread-safe.
 */
public final class MongoControlPlaneStore implements ControlPlaneStore {
    private static final Logger LOG = LoggerFactory.getLogger(MongoControlPlaneStore.class);
    /** The database used when the URL names none. */
    public static final String DEFAULT_DATABASE = "tenantstore_control";
    private static final String ID = "_id";
    private static final String TENANT_ID = "tenantId";
    private static final String VERSION = "version";
    private static final String BODY = "body";
    private static final String CLIENTS_REVISION = "clientsRevision";
    private static final String CLIENTS = "clients";
    private static final String SCOPES_REVISION = "scopesRevision";
    private static final String SCOPES = "scopes";
    private static final String BRANDING_REVISION = "brandingRevision";
    private static final String BRANDING = "branding";
    private static final String KEYS_REVISION = "signingKeysRevision";
    private static final String KEYS = "signingKeys";
    private static final String ADMINS_ID = "admins";
    private static final String REVISION = "revision";
    private static final String SLUG = "slug";
    private static final String AT = "at";
    private static final String SEQ = "seq";
    /** Sequence numbers a change-log entry tries before its write fails. */
    private static final int MAX_SEQUENCE_ATTEMPTS = 16;

    private final MongoClient client;
    private final MongoCollection<org.bson.Document> tenants;
    private final MongoCollection<org.bson.Document> changes;
    private final MongoCollection<org.bson.Document> counters;
    private final MongoCollection<org.bson.Document> admins;
    private final String description;

    private MongoControlPlaneStore(MongoClient client, MongoDatabase db, String description) {
        this.client = client;
        this.tenants = db.getCollection("ts_cp_tenants");
        this.changes = db.getCollection("ts_cp_changes");
        this.counters = db.getCollection("ts_cp_counters");
        this.admins = db.getCollection("ts_cp_admins");
        this.description = description;
    }

    /** The unique index on tenant ids, created at open ({@code migrate: on-connect}). */
    private static final String TENANT_ID_INDEX = "ts_cp_tenants_id_key";

    /**
     * Connects and creates the indexes (idempotent: the Mongo form of a migration), as the
     * database block's {@code migrate} says: {@code validate} and {@code off} only check they are there.
     *
     * @param config the global database
     * @return the open store
     * @throws StoreException with CONFIGURATION for a credentials source (a fixed login only here)
     * @throws UnavailableException when the server does not answer
     * @throws io.tenantstore.MigrationException under {@code validate} when the indexes are missing
     */
    public static MongoControlPlaneStore open(AdapterConfig config) {
        DbConfig db = config.db();
        if (db.credentials().isPresent()) {
            throw new StoreException(ErrorCode.CONFIGURATION, "globalDb on mongodb takes a username and password"
                    + " (or the login in its URL), not a credentials source");
        }
        ClientSetup setup = ClientSetup.of(db, null);
        String database = setup.urlDatabase().orElse(DEFAULT_DATABASE);
        MongoClient client = MongoClients.create(setup.settings());
        String description = setup.description() + " (database " + database + ")";
        MongoControlPlaneStore store = new MongoControlPlaneStore(client, client.getDatabase(database), description);
        try {
            switch (db.migrate()) {
                case ON_CONNECT -> store.call("create the control-plane indexes", () -> {
                    store.tenants.createIndex(Indexes.ascending(TENANT_ID), new IndexOptions().unique(true)
                            .name(TENANT_ID_INDEX));
                    store.changes.createIndex(Indexes.ascending(AT), new IndexOptions().name("ts_cp_changes_at"));
                    return null;
                });
                case VALIDATE, OFF -> {
                    // creates nothing: the unique index on tenant ids must be there already
                    boolean indexed = store.call("read the control-plane indexes", () -> {
                        String collection = store.tenants.getNamespace().getCollectionName();
                        if (!client.getDatabase(database).listCollectionNames().into(new java.util.ArrayList<>())
                                .contains(collection)) {
                            return false; // a server answers listIndexes on a missing collection with an error
                        }
                        for (org.bson.Document index : store.tenants.listIndexes()) {
                            if (TENANT_ID_INDEX.equals(index.getString("name"))) {
                                return true;
                            }
                        }
                        return false;
                    });
                    if (!indexed) {
                        throw new io.tenantstore.MigrationException("the control-plane collections of " + description
                                + " are not set up (migrate: validate or off leaves them as they are; migrate: on-connect,"
                                + " the default, creates their indexes)");
                    }
                }
            }
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        LOG.info("control plane in the global database {}", description);
        return store;
    }

    @Override
    public List<String> slugs() {
        return call("list tenants", () -> {
            List<String> out = new ArrayList<>();
            for (org.bson.Document d : tenants.find().projection(Projections.include(ID)).sort(Sorts.ascending(ID))) {
                out.add(d.getString(ID));
            }
            return out;
        });
    }

    @Override
    public Optional<TenantDocuments> read(String slug) {
        return call("read tenant " + slug, () -> Optional.ofNullable(tenants.find(Filters.eq(ID, slug)).first())
                .map(MongoControlPlaneStore::documents));
    }

    /**
     * @param slug a tenant
     * @return its stored MongoDB document as extended JSON, every field included (for inspection:
     *         it holds secrets only as {@code enc:} values and hashes)
     */
    public Optional<String> rawTenantDocument(String slug) {
        return call("read tenant " + slug, () -> Optional.ofNullable(tenants.find(Filters.eq(ID, slug)).first())
                .map(org.bson.Document::toJson));
    }

    private static TenantDocuments documents(org.bson.Document d) {
        return new TenantDocuments(d.getString(ID), d.getString(TENANT_ID),
                new ControlPlaneStore.Document(d.getLong(VERSION), d.getString(BODY)),
                new ControlPlaneStore.Document(d.getLong(CLIENTS_REVISION), d.getString(CLIENTS)),
                new ControlPlaneStore.Document(d.getLong(SCOPES_REVISION), d.getString(SCOPES)),
                // tenants written before branding existed have no branding fields: revision 0, empty
                d.containsKey(BRANDING) ? new ControlPlaneStore.Document(d.getLong(BRANDING_REVISION),
                        d.getString(BRANDING)) : new ControlPlaneStore.Document(0, ""),
                // likewise tenants written before signing keys existed
                d.containsKey(KEYS) ? new ControlPlaneStore.Document(d.getLong(KEYS_REVISION),
                        d.getString(KEYS)) : new ControlPlaneStore.Document(0, ""));
    }

    private static org.bson.Document toMongo(TenantDocuments docs) {
        return new org.bson.Document(ID, docs.slug()).append(TENANT_ID, docs.id())
                .append(VERSION, docs.tenant().revision()).append(BODY, docs.tenant().text())
                .append(CLIENTS_REVISION, docs.clients().revision()).append(CLIENTS, docs.clients().text())
                .append(SCOPES_REVISION, docs.scopes().revision()).append(SCOPES, docs.scopes().text())
                .append(BRANDING_REVISION, docs.branding().revision()).append(BRANDING, docs.branding().text())
                .append(KEYS_REVISION, docs.signingKeys().revision()).append(KEYS, docs.signingKeys().text());
    }

    @Override
    public Optional<String> slugOfId(String id) {
        return call("find tenant by id", () -> Optional.ofNullable(tenants.find(Filters.eq(TENANT_ID, id))
                .projection(Projections.include(ID)).first()).map(d -> d.getString(ID)));
    }

    @Override
    public void create(TenantDocuments docs) {
        call("create tenant " + docs.slug(), () -> {
            logChange(docs.slug());
            try {
                tenants.insertOne(toMongo(docs));
            } catch (MongoException e) {
                if (MongoErrors.isDuplicateKey(e)) {
                    throw new ConflictException("tenant '" + docs.slug() + "' already exists", e);
                }
                throw e;
            }
            logChange(docs.slug());
            return null;
        });
    }

    @Override
    public boolean replace(String slug, Kind kind, long expectedRevision, ControlPlaneStore.Document next) {
        String revisionField = switch (kind) {
            case TENANT -> VERSION;
            case CLIENTS -> CLIENTS_REVISION;
            case SCOPES -> SCOPES_REVISION;
            case BRANDING -> BRANDING_REVISION;
            case SIGNING_KEYS -> KEYS_REVISION;
        };
        String bodyField = switch (kind) {
            case TENANT -> BODY;
            case CLIENTS -> CLIENTS;
            case SCOPES -> SCOPES;
            case BRANDING -> BRANDING;
            case SIGNING_KEYS -> KEYS;
        };
        return call("write tenant " + slug, () -> {
            logChange(slug);
            // a conditional update on the revision: atomic on one document, no transaction needed
            Bson revision = (kind == Kind.BRANDING || kind == Kind.SIGNING_KEYS) && expectedRevision == 0
                    ? Filters.or(Filters.eq(revisionField, 0L), Filters.exists(revisionField, false))
                    : Filters.eq(revisionField, expectedRevision);
            Bson filter = Filters.and(Filters.eq(ID, slug), revision);
            long matched = tenants.updateOne(filter, Updates.combine(Updates.set(revisionField, next.revision()),
                    Updates.set(bodyField, next.text()))).getMatchedCount();
            if (matched != 1) {
                return false;
            }
            logChange(slug);
            return true;
        });
    }

    @Override
    public boolean delete(String slug) {
        return call("delete tenant " + slug, () -> {
            logChange(slug);
            boolean deleted = tenants.deleteOne(Filters.eq(ID, slug)).getDeletedCount() == 1;
            if (deleted) {
                logChange(slug);
            }
            return deleted;
        });
    }

    @Override
    public void put(TenantDocuments docs) {
        call("copy tenant " + docs.slug(), () -> {
            org.bson.Document holder = tenants.find(Filters.and(Filters.eq(TENANT_ID, docs.id()), Filters.ne(ID, docs.slug())))
                    .first();
            if (holder != null) {
                logChange(holder.getString(ID));
                tenants.deleteOne(Filters.eq(ID, holder.getString(ID)));
                logChange(holder.getString(ID));
            }
            logChange(docs.slug());
            tenants.replaceOne(Filters.eq(ID, docs.slug()), toMongo(docs), new ReplaceOptions().upsert(true));
            logChange(docs.slug());
            return null;
        });
    }

    @Override
    public ControlPlaneStore.Document admins() {
        return call("read the administrators", () -> {
            org.bson.Document d = admins.find(Filters.eq(ID, ADMINS_ID)).first();
            return d == null ? new ControlPlaneStore.Document(0, "")
                    : new ControlPlaneStore.Document(d.getLong(REVISION), d.getString(BODY));
        });
    }

    @Override
    public boolean replaceAdmins(long expectedRevision, ControlPlaneStore.Document next) {
        return call("write the administrators", () -> {
            org.bson.Document doc = new org.bson.Document(ID, ADMINS_ID).append(REVISION, next.revision())
                    .append(BODY, next.text());
            if (expectedRevision == 0) {
                // none stored yet: the insert is the compare-and-set, a concurrent first write collides on _id
                try {
                    admins.insertOne(doc);
                } catch (MongoException e) {
                    if (MongoErrors.isDuplicateKey(e)) {
                        return false;
                    }
                    throw e;
                }
            } else if (admins.replaceOne(Filters.and(Filters.eq(ID, ADMINS_ID), Filters.eq(REVISION, expectedRevision)),
                    doc).getMatchedCount() != 1) {
                return false;
            }
            logChange(ADMINS_CHANGE);
            return true;
        });
    }

    @Override
    public void putAdmins(ControlPlaneStore.Document doc) {
        call("copy the administrators", () -> {
            admins.replaceOne(Filters.eq(ID, ADMINS_ID), new org.bson.Document(ID, ADMINS_ID)
                    .append(REVISION, doc.revision()).append(BODY, doc.text()), new ReplaceOptions().upsert(true));
            logChange(ADMINS_CHANGE);
            return null;
        });
    }

    @Override
    public long latestChange() {
        return call("read the change log", () -> {
            org.bson.Document last = changes.find().sort(Sorts.descending(ID)).limit(1).first();
            return last == null ? 0L : last.getLong(ID);
        });
    }

    @Override
    public List<Change> changesSince(long after, int limit) {
        return call("read the change log", () -> {
            List<Change> out = new ArrayList<>();
            for (org.bson.Document d : changes.find(Filters.gt(ID, after)).sort(Sorts.ascending(ID)).limit(limit)) {
                out.add(new Change(d.getLong(ID), d.getString(SLUG)));
            }
            return out;
        });
    }

    @Override
    public int pruneChanges(Instant before) {
        return call("prune the change log", () -> (int) changes.deleteMany(Filters.lt(AT, Date.from(before)))
                .getDeletedCount());
    }

    /**
     * Announces a change of one tenant in the change log. Without multi-document transactions a
     * write and its announcement cannot be one step, so every write is announced twice: before it
     * (a process killed after the write but before the second announcement has still announced it)
     * and after it (a reader that re-read between the first announcement and the write is told
     * again). A spurious announcement only makes other instances re-read the tenant.
     */
    private void logChange(String slug) {
        // A sequence number handed out twice (two processes upserting the counter at once, or a
        // server whose findAndModify is not atomic across connections) takes the next one rather
        // than failing a write that has already been made.
        for (int attempt = 1; ; attempt++) {
            org.bson.Document counter = counters.findOneAndUpdate(Filters.eq(ID, "changes"), Updates.inc(SEQ, 1L),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            long seq = counter == null ? 1L : ((Number) counter.get(SEQ)).longValue();
            try {
                changes.insertOne(new org.bson.Document(ID, seq).append(SLUG, slug).append(AT, new Date()));
                return;
            } catch (MongoException e) {
                if (!MongoErrors.isDuplicateKey(e) || attempt == MAX_SEQUENCE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public HealthReport.Check health() {
        try {
            tenants.countDocuments(Filters.eq(ID, "-"));
            return new HealthReport.Check("control-plane database", true, description + " answered");
        } catch (MongoException e) {
            return new HealthReport.Check("control-plane database", false, description + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> T call(String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (MongoTimeoutException e) {
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "control plane: cannot "
                    + what + " on " + description + ": " + e.getMessage(), e);
        } catch (MongoException e) {
            throw new StoreException(ErrorCode.INTERNAL, "control plane: cannot " + what + " on " + description
                    + ": " + e.getMessage(), e);
        }
    }
}

package io.tenantstore.mongodb.internal;

import static io.tenantstore.mongodb.internal.StoreCollections.ID;
import static io.tenantstore.mongodb.internal.StoreCollections.TENANT_ID;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.tenantstore.spi.Text;
import io.tenantstore.MigrationException;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * The MongoDB counterpart of the SQL migrations: versioned index changes, applied in version
 * order to a target database and recorded in its {@code _tenantstore_migrations} collection (one
 * document per applied version, {@code _id} = the version).
 *
 * <p>Idempotent across processes: {@code createIndex} with the same name and keys does nothing
 * when the index exists, dropping a missing index is ignored, and each version is recorded with
 * an upsert that only sets fields on insert. A later version changes an index by dropping it and
 * creating it again under the same name; creating a name with a different definition fails with
 * a {@link MigrationException} saying so. Every index leads with {@code tenantId} (checked when a
 * migration is defined). Versions recorded by a newer release are left alone.
 *
 * <p>Immutable and thread-safe; concurrency control of one target is the caller's (the
 * connection runs one migration per target at a time).
 */
final class IndexMigrations {
    /** TenantStore's index migrations, in version order. */
    static final List<Migration> ALL = List.of(new Migration(1, "initial indexes", List.of(
            unique(StoreCollections.USERS, "ux_users_email", Fields.EMAIL_LOWER),
            index(StoreCollections.USERS, "ix_users_id", ID),
            unique(StoreCollections.REFRESH_TOKENS, "ux_tokens_hash", Fields.TOKEN_HASH),
            index(StoreCollections.REFRESH_TOKENS, "ix_tokens_user_client", Fields.USER_ID, Fields.CLIENT_ID),
            index(StoreCollections.REFRESH_TOKENS, "ix_tokens_client", Fields.CLIENT_ID),
            index(StoreCollections.REFRESH_TOKENS, "ix_tokens_family", Fields.FAMILY_ID),
            index(StoreCollections.REFRESH_TOKENS, "ix_tokens_expires", Fields.EXPIRES_AT),
            unique(StoreCollections.MFA_TOTP, "ux_totp_user", Fields.USER_ID),
            unique(StoreCollections.MFA_RECOVERY_CODES, "ux_recovery_codes_code", Fields.USER_ID, Fields.CODE_HASH),
            unique(StoreCollections.MFA_TRUSTED_DEVICES, "ux_trusted_devices_device", Fields.USER_ID,
                    Fields.DEVICE_HASH),
            unique(StoreCollections.CONSENTS, "ux_consents_user_client", Fields.USER_ID, Fields.CLIENT_ID),
            unique(StoreCollections.ROLES, "ux_roles_name", Fields.NAME),
            index(StoreCollections.ROLES, "ix_roles_inherits", Fields.INHERITS_FROM),
            unique(StoreCollections.USER_ROLES, "ux_user_roles_assignment", Fields.USER_ID, Fields.ROLE_NAME),
            index(StoreCollections.USER_ROLES, "ix_user_roles_role", Fields.ROLE_NAME))),
            new Migration(2, "one-time tokens", List.of(
                    unique(StoreCollections.ONE_TIME_TOKENS, "ux_one_time_tokens_hash", Fields.TOKEN_HASH),
                    index(StoreCollections.ONE_TIME_TOKENS, "ix_one_time_tokens_user_purpose", Fields.USER_ID,
                            Fields.PURPOSE),
                    index(StoreCollections.ONE_TIME_TOKENS, "ix_one_time_tokens_expires", Fields.EXPIRES_AT))),
            new Migration(3, "identities", List.of(
                    unique(StoreCollections.IDENTITIES, "ux_identities_provider_subject", Fields.PROVIDER,
                            Fields.SUBJECT),
                    index(StoreCollections.IDENTITIES, "ix_identities_user", Fields.USER_ID))),
            new Migration(4, "user profiles and prefix search", List.of(
                    new LowerCaseCopy(StoreCollections.USERS, Fields.DISPLAY_NAME, Fields.DISPLAY_NAME_LOWER),
                    index(StoreCollections.USERS, "ix_users_display_name", Fields.DISPLAY_NAME_LOWER),
                    index(StoreCollections.USERS, "ix_users_given_name", Fields.GIVEN_NAME_LOWER),
                    index(StoreCollections.USERS, "ix_users_family_name", Fields.FAMILY_NAME_LOWER))));

    // Server error codes: the index or collection to drop is not there.
    private static final Set<Integer> MISSING = Set.of(26, 27);
    // Server error codes: an index of that name or keys exists with another definition.
    private static final Set<Integer> DEFINITION_CONFLICT = Set.of(85, 86);

    private final List<Migration> migrations;
    private final Clock clock;

    /**
     * @param migrations the migrations, strictly increasing versions
     * @param clock      the store's clock, for the {@code appliedAt} of each record
     * @throws IllegalArgumentException when the versions are not strictly increasing
     */
    IndexMigrations(List<Migration> migrations, Clock clock) {
        this.migrations = List.copyOf(migrations);
        this.clock = Objects.requireNonNull(clock, "clock");
        int last = 0;
        for (Migration m : this.migrations) {
            if (m.version() <= last) {
                throw new IllegalArgumentException("index migration versions must increase: " + m.version()
                        + " after " + last);
            }
            last = m.version();
        }
    }

    /** @return the highest version defined, 0 when none */
    int latestVersion() {
        return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
    }

    /**
     * Applies every migration the database has not recorded, in version order.
     *
     * @param db the target
     * @return the versions applied by this call (empty when the target was current)
     * @throws MigrationException                 when an index change fails; the versions before
     *                                            it stay recorded
     * @throws io.tenantstore.UnavailableException when the server cannot be reached
     * @throws MongoException                     untranslated when the server refuses the login
     *                                            ({@link MongoErrors#isLoginRefused}), for the
     *                                            caller's client holder to act on
     */
    List<Integer> migrate(MongoDatabase db) {
        MongoCollection<Document> records = db.getCollection(StoreCollections.MIGRATIONS);
        Set<Integer> applied = recorded(db);
        List<Integer> done = new ArrayList<>();
        for (Migration m : migrations) {
            if (applied.contains(m.version())) {
                continue;
            }
            for (Change c : m.changes()) {
                apply(db, m, c);
            }
            record(records, m, db.getName());
            done.add(m.version());
        }
        return List.copyOf(done);
    }

    /**
     * Where a database stands, read only (a read creates no database or collection). A failed
     * index change is not recorded, so its version shows as pending, never as failed.
     *
     * @param db the target
     * @return the highest recorded version and the versions not recorded yet
     * @throws MigrationException when the records cannot be read
     */
    io.tenantstore.MigrationStatus.History status(MongoDatabase db) {
        Set<Integer> applied = recorded(db);
        List<String> pending = new ArrayList<>();
        for (Migration m : migrations) {
            if (!applied.contains(m.version())) {
                pending.add(String.valueOf(m.version()));
            }
        }
        Optional<String> current = applied.stream().max(Integer::compare).map(String::valueOf);
        return new io.tenantstore.MigrationStatus.History(io.tenantstore.MigrationStatus.History.TENANTSTORE, current,
                pending, List.of());
    }

    /** @return the versions recorded in the database */
    private static Set<Integer> recorded(MongoDatabase db) {
        MongoCollection<Document> records = db.getCollection(StoreCollections.MIGRATIONS);
        Set<Integer> applied = new HashSet<>();
        try {
            for (Document d : records.find().projection(new Document(ID, 1))) {
                if (d.get(ID) instanceof Number n) {
                    applied.add(n.intValue());
                }
            }
        } catch (MongoException e) {
            throw failure(e, "reading " + StoreCollections.MIGRATIONS + " of database " + Text.quote(db.getName()));
        }
        return applied;
    }

    private static void apply(MongoDatabase db, Migration m, Change change) {
        MongoCollection<Document> coll = db.getCollection(change.collection());
        String where = "index migration V" + m.version() + " (" + m.description() + ") on database "
                + Text.quote(db.getName()) + ", index " + Text.quote(change.name()) + " of collection "
                + Text.quote(change.collection());
        try {
            if (change instanceof CreateIndex c) {
                // Checked here too, because not every server refuses a redefinition (mongo-java-server
                // accepts it silently) and a silent mismatch would leave uniqueness unenforced.
                Document existing = existingIndex(coll, c.name());
                if (existing != null && !sameDefinition(existing, c)) {
                    throw new MigrationException(where + " failed: an index with that name exists with another"
                            + " definition (" + existing.get("key") + (isUnique(existing) ? ", unique" : "")
                            + "); a migration that changes an index must drop it first");
                }
                coll.createIndex(Indexes.ascending(c.keys()), new IndexOptions().name(c.name()).unique(c.unique()));
            } else if (change instanceof DropIndex d) {
                coll.dropIndex(d.name());
            } else if (change instanceof LowerCaseCopy l) {
                // idempotent: only documents still missing the copy are written
                for (Document d : coll.find(Filters.and(Filters.type(l.from(), "string"), Filters.exists(l.to(), false)))
                        .projection(new Document(l.from(), 1))) {
                    coll.updateOne(Filters.eq(ID, d.get(ID)), Updates.set(l.to(),
                            d.getString(l.from()).toLowerCase(java.util.Locale.ROOT)));
                }
            }
        } catch (MongoCommandException e) {
            if (change instanceof DropIndex && MISSING.contains(e.getErrorCode())) {
                return; // already dropped (by another process, or never created)
            }
            if (DEFINITION_CONFLICT.contains(e.getErrorCode())) {
                throw new MigrationException(where + " failed: an index with that name or keys exists with another"
                        + " definition; a migration that changes an index must drop it first", e);
            }
            throw failure(e, where);
        } catch (MongoException e) {
            throw failure(e, where);
        }
    }

    private static @Nullable Document existingIndex(MongoCollection<Document> coll, String name) {
        try {
            for (Document index : coll.listIndexes()) {
                if (name.equals(index.getString("name"))) {
                    return index;
                }
            }
            return null;
        } catch (MongoCommandException e) {
            if (MISSING.contains(e.getErrorCode())) {
                return null; // the collection does not exist yet
            }
            throw e;
        }
    }

    private static boolean sameDefinition(Document existing, CreateIndex wanted) {
        Document key = existing.get("key", Document.class);
        return key != null && new ArrayList<>(key.keySet()).equals(wanted.keys())
                && isUnique(existing) == wanted.unique();
    }

    private static boolean isUnique(Document index) {
        return Boolean.TRUE.equals(index.get("unique"));
    }

    private void record(MongoCollection<Document> records, Migration m, String database) {
        try {
            records.updateOne(Filters.eq(ID, m.version()),
                    Updates.combine(Updates.setOnInsert(Fields.MIGRATION_DESCRIPTION, m.description()),
                            Updates.setOnInsert(Fields.APPLIED_AT, Date.from(clock.instant()))),
                    new UpdateOptions().upsert(true));
        } catch (MongoException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                return; // another process recorded the same version at the same moment
            }
            throw failure(e, "recording index migration V" + m.version() + " in database " + Text.quote(database));
        }
    }

    private static RuntimeException failure(MongoException e, String where) {
        if (MongoErrors.isLoginRefused(e)) {
            return e; // untranslated, so that the client holder sees it and can rebuild the client
        }
        if (MongoErrors.isUnavailable(e)) {
            return MongoErrors.translate(e, where);
        }
        return new MigrationException(where + " failed: MongoDB error " + e.getCode(), e);
    }

    private static CreateIndex unique(String collection, String name, String... keys) {
        return new CreateIndex(collection, name, tenantFirst(keys), true);
    }

    private static CreateIndex index(String collection, String name, String... keys) {
        return new CreateIndex(collection, name, tenantFirst(keys), false);
    }

    private static List<String> tenantFirst(String... keys) {
        List<String> all = new ArrayList<>(keys.length + 1);
        all.add(TENANT_ID);
        all.addAll(List.of(keys));
        return all;
    }

    /**
     * One version.
     *
     * @param version     positive, unique
     * @param description what it does
     * @param changes     applied in order
     */
    record Migration(int version, String description, List<Change> changes) {
        /** Validates and copies. */
        Migration {
            if (version < 1) {
                throw new IllegalArgumentException("index migration version must be positive: " + version);
            }
            Objects.requireNonNull(description, "description");
            changes = List.copyOf(changes);
        }
    }

    /** One index change. */
    sealed interface Change permits CreateIndex, DropIndex, LowerCaseCopy {
        /** @return the collection */
        String collection();

        /** @return the index name */
        String name();
    }

    /**
     * Creates an ascending index.
     *
     * @param collection the collection
     * @param name       the index name
     * @param keys       the fields, {@code tenantId} first
     * @param unique     whether the keys are unique
     */
    record CreateIndex(String collection, String name, List<String> keys, boolean unique) implements Change {
        /** Checks that the index leads with the tenant. */
        CreateIndex {
            keys = List.copyOf(keys);
            if (keys.isEmpty() || !keys.get(0).equals(TENANT_ID)) {
                throw new IllegalArgumentException("index " + name + " of " + collection + " must lead with "
                        + TENANT_ID + ": " + keys);
            }
        }
    }

    /**
     * Drops an index (nothing happens when it is missing).
     *
     * @param collection the collection
     * @param name       the index name
     */
    record DropIndex(String collection, String name) implements Change {
    }

    /**
     * Fills a field with the lower-cased copy of another in every document that has the source
     * and lacks the copy (the search key of values written before the key existed).
     *
     * @param collection the collection
     * @param from       the source field
     * @param to         the copy's field
     */
    record LowerCaseCopy(String collection, String from, String to) implements Change {
        /** @return the copied field, for messages */
        @Override
        public String name() {
            return to;
        }
    }
}

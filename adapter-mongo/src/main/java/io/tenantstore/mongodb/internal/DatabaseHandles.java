package io.tenantstore.mongodb.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

/**
 * One database as seen through one client generation, with the driver handles of the store's
 * collections made once, so a repository call looks nothing up but a field. Handles of a replaced
 * generation stop working when its client is closed; repositories therefore get them anew for
 * each call ({@link TenantContext#call}). Immutable (final fields only, so safe to share through a
 * racy cache) and thread-safe.
 */
final class DatabaseHandles {
    static final List<String> STORE_COLLECTIONS = List.of(StoreCollections.USERS,
            StoreCollections.REFRESH_TOKENS, StoreCollections.MFA_TOTP, StoreCollections.MFA_RECOVERY_CODES,
            StoreCollections.MFA_TRUSTED_DEVICES, StoreCollections.CONSENTS, StoreCollections.ROLES,
            StoreCollections.USER_ROLES, StoreCollections.MIGRATIONS);

    private final ClientGeneration generation;
    private final MongoDatabase database;
    private final Map<String, MongoCollection<Document>> collections;
    private final MongoCollection<Document> users;
    private final MongoCollection<Document> refreshTokens;
    private final MongoCollection<Document> mfaTotp;
    private final MongoCollection<Document> recoveryCodes;
    private final MongoCollection<Document> trustedDevices;
    private final MongoCollection<Document> consents;
    private final MongoCollection<Document> roles;
    private final MongoCollection<Document> userRoles;

    /**
     * @param generation the client generation the handles belong to
     * @param database   the database, from that generation's client
     */
    DatabaseHandles(ClientGeneration generation, MongoDatabase database) {
        this.generation = Objects.requireNonNull(generation, "generation");
        this.database = Objects.requireNonNull(database, "database");
        Map<String, MongoCollection<Document>> all = new HashMap<>();
        for (String name : STORE_COLLECTIONS) {
            all.put(name, database.getCollection(name));
        }
        this.collections = Map.copyOf(all);
        this.users = all.get(StoreCollections.USERS);
        this.refreshTokens = all.get(StoreCollections.REFRESH_TOKENS);
        this.mfaTotp = all.get(StoreCollections.MFA_TOTP);
        this.recoveryCodes = all.get(StoreCollections.MFA_RECOVERY_CODES);
        this.trustedDevices = all.get(StoreCollections.MFA_TRUSTED_DEVICES);
        this.consents = all.get(StoreCollections.CONSENTS);
        this.roles = all.get(StoreCollections.ROLES);
        this.userRoles = all.get(StoreCollections.USER_ROLES);
    }

    /** @return the generation these handles belong to */
    ClientGeneration generation() {
        return generation;
    }

    /** @return the database */
    MongoDatabase database() {
        return database;
    }

    /**
     * @param name a collection of {@link StoreCollections}, or any other
     * @return its handle (made now for a name outside the store's)
     */
    MongoCollection<Document> collection(String name) {
        MongoCollection<Document> c = collections.get(name);
        return c != null ? c : database.getCollection(name);
    }

    /** @return {@value StoreCollections#USERS} */
    MongoCollection<Document> users() {
        return users;
    }

    /** @return {@value StoreCollections#REFRESH_TOKENS} */
    MongoCollection<Document> refreshTokens() {
        return refreshTokens;
    }

    /** @return {@value StoreCollections#MFA_TOTP} */
    MongoCollection<Document> mfaTotp() {
        return mfaTotp;
    }

    /** @return {@value StoreCollections#MFA_RECOVERY_CODES} */
    MongoCollection<Document> recoveryCodes() {
        return recoveryCodes;
    }

    /** @return {@value StoreCollections#MFA_TRUSTED_DEVICES} */
    MongoCollection<Document> trustedDevices() {
        return trustedDevices;
    }

    /** @return {@value StoreCollections#CONSENTS} */
    MongoCollection<Document> consents() {
        return consents;
    }

    /** @return {@value StoreCollections#ROLES} */
    MongoCollection<Document> roles() {
        return roles;
    }

    /** @return {@value StoreCollections#USER_ROLES} */
    MongoCollection<Document> userRoles() {
        return userRoles;
    }

    /** @return the database and generation */
    @Override
    public String toString() {
        return "DatabaseHandles[" + database.getName() + ", client #" + generation.number() + "]";
    }
}

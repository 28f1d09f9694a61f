package io.tenantstore.testkit.internal;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/**
 * The MongoDB driver calls of {@link DatabaseAdmin}, kept in their own class so that the optional
 * driver is loaded only when a MongoDB database is created.
 *
 * <p>Stateless and thread-safe.
 */
final class MongoAdmin {

    private MongoAdmin() {
    }

    /** Drops {@code database} on the server of {@code uri}; dropping a missing one is no error. */
    static void dropDatabase(String uri, String database) {
        try (MongoClient client = MongoClients.create(uri)) {
            client.getDatabase(database).drop();
        }
    }
}

package io.tenantstore.mongodb.internal;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.tenantstore.Isolation;
import io.tenantstore.spi.Credential;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * Builds clients to the test server with the server's own login (none for the in-memory
 * mongo-java-server, which has no authentication), whatever login the adapter asks for, and
 * records the logins asked for and the clients built. Together with {@link RefusingRunner} this
 * stands in for a server that refuses old passwords. Thread-safe.
 */
final class TestServerClientFactory implements ClientFactory {
    // What the driver says when a closed client is used.
    private static final String CLOSED = "state should be: open";

    private final MongoClientSettings serverSettings =
            ClientSetup.of(MongoTestServer.get().config(null, Isolation.SHARED), null).settings();
    private final List<@Nullable Credential> logins = new ArrayList<>();
    private final List<MongoClient> clients = new ArrayList<>();

    @Override
    public MongoClient create(ClientSetup setup, @Nullable Credential login) {
        MongoClient client = MongoClients.create(serverSettings);
        synchronized (this) {
            logins.add(login);
            clients.add(client);
        }
        return client;
    }

    /** @return the logins asked for, one per client built, in order */
    synchronized List<@Nullable Credential> logins() {
        return new ArrayList<>(logins);
    }

    /**
     * Pings through the client: the driver refuses any use of a closed client. (Its cluster's
     * closed event is not a dependable sign: 5.x often does not deliver it.)
     *
     * @param index which client, 0 for the first
     * @return whether it was closed
     */
    boolean closed(int index) {
        MongoClient client;
        synchronized (this) {
            client = clients.get(index);
        }
        try {
            client.getDatabase("admin").runCommand(new Document("ping", 1));
            return false;
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains(CLOSED)) {
                return true;
            }
            throw e;
        }
    }
}

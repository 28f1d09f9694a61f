package io.tenantstore.mongodb.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.ClusterClosedEvent;
import com.mongodb.event.ClusterListener;
import io.tenantstore.Isolation;
import io.tenantstore.spi.Credential;
import org.jspecify.annotations.Nullable;

/**
 * Builds clients to the test server with the server's own login (none for the in-memory
 * mongo-java-server, which has no authentication), whatever login the adapter asks for, and
 * records the logins asked for and whether each client was closed (its cluster's closed event).
 * Together with {@link RefusingRunner} this stands in for a server that refuses old passwords.
 * Thread-safe.
 */
final class TestServerClientFactory implements ClientFactory {
    private final MongoClientSettings serverSettings =
            ClientSetup.of(MongoTestServer.get().config(null, Isolation.SHARED), null).settings();
    private final List<@Nullable Credential> logins = new ArrayList<>();
    private final List<AtomicBoolean> closed = new ArrayList<>();

    @Override
    public MongoClient create(ClientSetup setup, @Nullable Credential login) {
        AtomicBoolean isClosed = new AtomicBoolean();
        ClusterListener listener = new ClusterListener() {
            @Override
            public void clusterClosed(ClusterClosedEvent event) {
                isClosed.set(true);
            }
        };
        MongoClient client = MongoClients.create(MongoClientSettings.builder(serverSettings)
                .applyToClusterSettings(c -> c.addClusterListener(listener)).build());
        synchronized (this) {
            logins.add(login);
            closed.add(isClosed);
        }
        return client;
    }

    /** @return the logins asked for, one per client built, in order */
    synchronized List<@Nullable Credential> logins() {
        return new ArrayList<>(logins);
    }

    /** @param index which client, 0 for the first @return whether it was closed */
    synchronized boolean closed(int index) {
        return closed.get(index).get();
    }
}

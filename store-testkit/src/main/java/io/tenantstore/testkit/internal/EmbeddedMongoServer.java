package io.tenantstore.testkit.internal;

import java.net.InetSocketAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tenantstore.UnavailableException;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabase.Engine;
import io.tenantstore.testkit.TestDatabase.Source;

/**
 * An in-process MongoDB wire-protocol server (mongo-java-server with its in-memory backend) on a
 * random loopback port. It speaks enough of MongoDB for driver round trips; it is not a full
 * MongoDB (no real transactions, partial aggregation), which tests relying on those must know.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread, more than once.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongoServer.class);
    private static final String DATABASE = "tenantstore_test";

    private final MongoServer server;
    private final int port;
    private boolean closed;

    private EmbeddedMongoServer(MongoServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts a server bound to 127.0.0.1 on a free port.
     *
     * @return the running server
     * @throws UnavailableException if it could not bind
     */
    public static EmbeddedMongoServer start() {
        MongoServer server = new MongoServer(new MemoryBackend());
        try {
            server.bind("127.0.0.1", 0);
        } catch (RuntimeException e) {
            server.shutdownNow();
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    "could not start the embedded MongoDB server", e);
        }
        InetSocketAddress address = server.getLocalAddress();
        LOG.info("Embedded MongoDB (mongo-java-server) on 127.0.0.1:{}", address.getPort());
        return new EmbeddedMongoServer(server, address.getPort());
    }

    /** @return the loopback port it listens on */
    public int port() {
        return port;
    }

    /** @return the server as a test database: no authentication, database {@code tenantstore_test} */
    public TestDatabase database() {
        return new TestDatabase(Engine.MONGODB, "mongodb://127.0.0.1:" + port + "/" + DATABASE, "", null,
                Source.EMBEDDED);
    }

    /** Stops the server and drops its in-memory data; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdownNow();
    }
}

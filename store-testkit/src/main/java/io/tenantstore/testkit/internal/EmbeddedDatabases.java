package io.tenantstore.testkit.internal;

import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabase.Engine;

/**
 * This JVM's embedded servers, one per engine, started on first use and stopped by a shutdown hook.
 *
 * <p>Thread-safe.
 */
public final class EmbeddedDatabases {

    private static final Once<EmbeddedPostgresServer> POSTGRES = new Once<>(() -> {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startForThisProcess();
        stopAtExit(server::close, "postgres");
        return server;
    });
    private static final Once<EmbeddedMariaDbServer> MARIADB = new Once<>(() -> {
        EmbeddedMariaDbServer server = EmbeddedMariaDbServer.start();
        stopAtExit(server::close, "mariadb");
        return server;
    });
    private static final Once<EmbeddedMongoServer> MONGODB = new Once<>(() -> {
        EmbeddedMongoServer server = EmbeddedMongoServer.start();
        stopAtExit(server::close, "mongodb");
        return server;
    });

    private static final Once<EmbeddedPostgresServer> PASSWORD_POSTGRES = new Once<>(() -> {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startWithPasswordAuthentication();
        stopAtExit(server::close, "postgres-scram");
        return server;
    });

    private EmbeddedDatabases() {
    }

    /**
     * Returns this JVM's embedded server for {@code engine}, starting it on the first call.
     *
     * @param engine which server
     * @return where it listens, with {@link TestDatabase.Source#EMBEDDED}
     * @throws io.tenantstore.UnavailableException if it did not start
     */
    public static TestDatabase get(Engine engine) {
        return switch (engine) {
            case POSTGRES -> POSTGRES.get().database();
            case MYSQL -> MARIADB.get().database();
            case MONGODB -> MONGODB.get().database();
        };
    }

    /** @return this JVM's embedded PostgreSQL server, started on the first call */
    public static EmbeddedPostgresServer postgresServer() {
        return POSTGRES.get();
    }

    /**
     * @return this JVM's password-checking embedded PostgreSQL (every role but the superuser
     *         {@code postgres} logs in with SCRAM), started on the first call
     */
    public static TestDatabase passwordCheckingPostgres() {
        return PASSWORD_POSTGRES.get().database();
    }

    private static void stopAtExit(Runnable stop, String name) {
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "tenantstore-testkit-stop-embedded-" + name));
    }
}

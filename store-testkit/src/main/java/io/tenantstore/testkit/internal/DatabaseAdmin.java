package io.tenantstore.testkit.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import io.tenantstore.ErrorCode;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import io.tenantstore.testkit.TestDatabase;

/**
 * Drops and creates databases on a {@link TestDatabase}'s server, for
 * {@link TestDatabase#createDatabase(String)}.
 *
 * <p>Stateless and thread-safe; every call opens and closes its own connection.
 */
public final class DatabaseAdmin {

    /** {@code DROP DATABASE ... WITH (FORCE)} exists from PostgreSQL 13 on. */
    private static final int POSTGRES_FORCE_DROP_VERSION = 13;

    private DatabaseAdmin() {
    }

    /**
     * Drops {@code name} if it exists, creates it, and returns its URL.
     *
     * @param server where to create it
     * @param name   a database name already checked against {@code [a-z][a-z0-9_]{0,62}}
     * @return the new database's URL (see {@link TestDatabase#createDatabase(String)})
     */
    public static String createDatabase(TestDatabase server, String name) {
        String url = DatabaseUrls.withDatabase(server.engine(), server.url(), name);
        switch (server.engine()) {
            case POSTGRES -> onJdbc(server, name, connection -> recreatePostgres(connection, name));
            case MYSQL -> onJdbc(server, name, connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS `" + name + "`");
                    statement.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
                }
            });
            case MONGODB -> recreateMongo(server, name);
        }
        return url;
    }

    private static void recreatePostgres(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (connection.getMetaData().getDatabaseMajorVersion() >= POSTGRES_FORCE_DROP_VERSION) {
                statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            } else {
                // older servers refuse to drop a database that still has sessions
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + name + "' AND pid <> pg_backend_pid()");
                statement.execute("DROP DATABASE IF EXISTS \"" + name + "\"");
            }
            statement.execute("CREATE DATABASE \"" + name + "\"");
        }
    }

    private static void recreateMongo(TestDatabase server, String name) {
        try {
            MongoAdmin.dropDatabase(server.url(), name);
        } catch (NoClassDefFoundError e) {
            throw new StoreException(ErrorCode.CONFIGURATION,
                    "createDatabase on MongoDB needs org.mongodb:mongodb-driver-sync on the class path", e);
        } catch (RuntimeException e) {
            if (e instanceof StoreException) {
                throw e;
            }
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    "could not drop MongoDB database '" + name + "' on " + DatabaseUrls.redact(server.url()), e);
        }
    }

    private static void onJdbc(TestDatabase server, String name, SqlWork work) {
        Properties properties = new Properties();
        properties.setProperty("user", server.username());
        if (server.password() != null) {
            properties.setProperty("password", server.password());
        }
        String where = DatabaseUrls.redact(server.url());
        try (Connection connection = DriverManager.getConnection(server.url(), properties)) {
            work.run(connection);
        } catch (SQLException e) {
            if ("08001".equals(e.getSQLState()) && e.getMessage() != null
                    && e.getMessage().startsWith("No suitable driver")) {
                // not chained: DriverManager's message repeats the URL unmasked
                throw new StoreException(ErrorCode.CONFIGURATION,
                        "no JDBC driver on the class path accepts " + where);
            }
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    "could not create database '" + name + "' on " + where, e);
        }
    }

    /** One piece of work on an open connection. */
    @FunctionalInterface
    private interface SqlWork {
        void run(Connection connection) throws SQLException;
    }
}

package io.tenantstore.testkit;

import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.tenantstore.InvalidInputException;
import io.tenantstore.testkit.internal.DatabaseAdmin;
import io.tenantstore.testkit.internal.DatabaseUrls;

/**
 * A database server that integration tests may use, as found by {@link TestDatabases}.
 *
 * <p>{@link #url()} is a JDBC URL for {@link Engine#POSTGRES} and {@link Engine#MYSQL}, and a
 * {@code mongodb://} connection string for {@link Engine#MONGODB}. For MongoDB the credentials,
 * if any, are part of the URL; {@link #username()} then repeats the user name, and is empty when
 * the server needs none. {@link #toString()} never shows the password, neither the field nor one
 * written in the URL.
 *
 * <p>Immutable and thread-safe; {@link #createDatabase(String)} talks to the server on every call.
 *
 * @param engine   which kind of server
 * @param url      where it is (JDBC URL, or MongoDB connection string)
 * @param username the user to connect as (empty for a MongoDB server without authentication)
 * @param password the password, or {@code null} when the server needs none
 * @param source   how the server was found
 */
public record TestDatabase(Engine engine, String url, String username, @Nullable String password, Source source) {

    /** Names accepted by {@link #createDatabase(String)}: safe unquoted on every engine. */
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** The kind of database server. */
    public enum Engine {
        /** PostgreSQL. */
        POSTGRES,
        /** MySQL or MariaDB. */
        MYSQL,
        /** MongoDB. */
        MONGODB
    }

    /** How the server was found. */
    public enum Source {
        /** Named by a {@code TENANTSTORE_TEST_*} environment variable. */
        ENV,
        /** A container started through Testcontainers. */
        TESTCONTAINERS,
        /** An embedded server started inside this JVM's process tree. */
        EMBEDDED
    }

    /**
     * Checks the components.
     *
     * @throws NullPointerException  if a component other than {@code password} is null
     * @throws InvalidInputException if {@code url} is blank
     */
    public TestDatabase {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(source, "source");
        if (url.isBlank()) {
            throw new InvalidInputException("test database URL must not be blank");
        }
    }

    /**
     * Creates a fresh database named {@code name} on this server, dropping any database of that
     * name first (with its connections on PostgreSQL), and returns its URL: a JDBC URL for the SQL
     * engines, with this URL's host, port and parameters; a MongoDB connection string naming that
     * database for MongoDB (MongoDB materialises it on the first write).
     *
     * <p>Use names unique to the test class (the module name as a prefix helps): parallel test JVMs
     * may share one server.
     *
     * @param name the database name, matching {@code [a-z][a-z0-9_]{0,62}}
     * @return the URL of the new database; connect with {@link #username()} and {@link #password()}
     * @throws InvalidInputException               if the name does not match
     * @throws io.tenantstore.UnavailableException if the server refused or failed the statements
     * @throws io.tenantstore.StoreException       with {@code CONFIGURATION} if the engine's driver
     *                                             is not on the class path
     */
    public String createDatabase(String name) {
        Objects.requireNonNull(name, "name");
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new InvalidInputException(
                    "database name must match [a-z][a-z0-9_]{0,62}: '" + name + "'");
        }
        return DatabaseAdmin.createDatabase(this, name);
    }

    /** @return the components, with the password (field and URL) masked */
    @Override
    public String toString() {
        return "TestDatabase[engine=" + engine
                + ", url=" + DatabaseUrls.redact(url)
                + ", username=" + username
                + ", password=" + (password == null ? "none" : "***")
                + ", source=" + source + "]";
    }
}

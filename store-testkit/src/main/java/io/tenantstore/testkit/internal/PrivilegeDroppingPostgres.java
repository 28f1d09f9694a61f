package io.tenantstore.testkit.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

import io.tenantstore.UnavailableException;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

/**
 * An embedded PostgreSQL server for a root process that cannot use zonky's own way out.
 *
 * <p>PostgreSQL refuses to run as root. Zonky handles that by running its binaries under
 * {@code unshare -U} (a user namespace), which container runtimes often forbid. This launcher
 * instead unpacks zonky's bundled PostgreSQL archive itself, hands the data directory to an
 * {@link UnprivilegedUser}, and runs {@code initdb} and {@code pg_ctl} through {@code setpriv}
 * (or {@code runuser}) as that user. Everything lives in one private temporary directory that
 * {@link #close()} stops and deletes. A JVM killed without running its shutdown hooks leaves the
 * server running and its {@code tenantstore-pg-*} directory behind.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread, more than once.
 */
public final class PrivilegeDroppingPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrivilegeDroppingPostgres.class);
    private static final long COMMAND_TIMEOUT_SECONDS = 120;
    private static final Set<PosixFilePermission> WORLD_READABLE_DIRECTORY =
            PosixFilePermissions.fromString("rwxr-xr-x");

    private final Path workDirectory;
    private final Path dataDirectory;
    private final Path pgCtl;
    private final List<String> asUser;
    private final int port;
    private boolean closed;

    private PrivilegeDroppingPostgres(Path workDirectory, Path dataDirectory, Path pgCtl, List<String> asUser,
            int port) {
        this.workDirectory = workDirectory;
        this.dataDirectory = dataDirectory;
        this.pgCtl = pgCtl;
        this.asUser = asUser;
        this.port = port;
    }

    /**
     * Unpacks PostgreSQL, initialises a cluster (superuser {@code postgres}, trust authentication,
     * UTF-8, C locale) and starts it on a free loopback port, all as {@code user}.
     *
     * @param user   who runs the server
     * @param asUser the command prefix that runs a program as {@code user}
     *               (see {@link UnprivilegedUser#commandPrefix})
     * @return the running server
     * @throws UnavailableException if a step failed; the message carries the tool's output
     */
    public static PrivilegeDroppingPostgres start(UnprivilegedUser user, List<String> asUser) {
        Path work = null;
        try {
            work = Files.createTempDirectory(reachableTempDirectory(), "tenantstore-pg-");
            // the unprivileged user must reach the binaries and its data directory below this one
            Files.setPosixFilePermissions(work, WORLD_READABLE_DIRECTORY);
            Path install = work.resolve("pgsql");
            try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux",
                    System.getProperty("os.arch"))) {
                unpack(archive, install);
            }
            Path data = work.resolve("data");
            Files.createDirectory(data);
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
            UserPrincipal owner = data.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(user.name());
            Files.setOwner(data, owner);

            List<String> initdb = new ArrayList<>(asUser);
            initdb.addAll(List.of(install.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres",
                    "-D", data.toString(), "-E", "UTF8", "--locale=C", "--no-sync"));
            run(initdb, "initdb");

            int port = freePort();
            // settings in the file rather than on pg_ctl's -o, which goes through a shell
            Files.writeString(data.resolve("postgresql.conf"), "\n# tenantstore testkit\n"
                    + "port = " + port + "\n"
                    + "listen_addresses = '127.0.0.1'\n"
                    + "unix_socket_directories = '" + data.toString().replace("'", "''") + "'\n"
                    + "max_connections = 300\n"
                    + "fsync = off\n"
                    + "synchronous_commit = off\n"
                    + "full_page_writes = off\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);

            Path pgCtl = install.resolve("bin/pg_ctl");
            PrivilegeDroppingPostgres server = new PrivilegeDroppingPostgres(work, data, pgCtl, asUser, port);
            List<String> start = new ArrayList<>(asUser);
            start.addAll(List.of(pgCtl.toString(), "-D", data.toString(), "-l", data.resolve("server.log").toString(),
                    "-w", "-t", "60", "start"));
            run(start, "pg_ctl start");
            LOG.info("Embedded PostgreSQL running as user '{}' on 127.0.0.1:{}", user.name(), port);
            return server;
        } catch (IOException | RuntimeException e) {
            if (work != null) {
                deleteQuietly(work);
            }
            if (e instanceof UnavailableException unavailable) {
                throw unavailable;
            }
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    "could not start the embedded PostgreSQL server as user '" + user.name() + "'", e);
        }
    }

    /** @return the loopback port the server listens on */
    public int port() {
        return port;
    }

    /** @return the cluster's data directory (owned by the unprivileged user) */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server (fast shutdown) and deletes its files; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> stop = new ArrayList<>(asUser);
        stop.addAll(List.of(pgCtl.toString(), "-D", dataDirectory.toString(), "-m", "fast", "-w", "-t", "30",
                "stop"));
        try {
            run(stop, "pg_ctl stop");
        } catch (UnavailableException e) {
            LOG.warn("Could not stop the embedded PostgreSQL server in {}", dataDirectory, e);
        } finally {
            deleteQuietly(workDirectory);
        }
    }

    private static void run(List<String> command, String what) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // a fixed locale: initdb validates the inherited one, which may not be installed
        builder.environment().put("LC_ALL", "C");
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                        what + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s", null);
            }
            String text = new String(output, StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                        what + " failed with exit code " + process.exitValue() + ": " + text, null);
            }
            LOG.debug("{}: {}", what, text);
        } catch (IOException e) {
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "could not run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    "interrupted while running " + what, e);
        }
    }

    /** Unpacks a .txz archive of directories, files and links below {@code target}. */
    static void unpack(InputStream archive, Path target) throws IOException {
        Files.createDirectories(target);
        Path root = target.toAbsolutePath().normalize();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = root.resolve(entry.getName()).normalize();
                if (!path.startsWith(root)) {
                    throw new IOException("archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode() | 0755));
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, root.resolve(entry.getLinkName()).normalize());
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                } else {
                    throw new IOException("unsupported archive entry: " + entry.getName());
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    /**
     * The JVM's temporary directory if every user can pass through it and its parents, else
     * {@code /tmp}: a root JVM may be given a directory below {@code /root}, which the
     * unprivileged user cannot enter.
     */
    private static Path reachableTempDirectory() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        for (Path p = tmp; p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return Path.of("/tmp");
            }
        }
        return tmp;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
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

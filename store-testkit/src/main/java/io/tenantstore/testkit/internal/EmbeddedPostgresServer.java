package io.tenantstore.testkit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tenantstore.UnavailableException;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabase.Engine;
import io.tenantstore.testkit.TestDatabase.Source;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;

/**
 * An embedded PostgreSQL server (zonky's bundled binaries) that also works when the tests run as
 * root, which PostgreSQL itself refuses.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread, more than once.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** How the server processes get a non-root user. */
    public enum Strategy {
        /**
         * Zonky as it is: the process is not root, or it is and zonky runs the binaries under
         * {@code unshare -U}, where they see an unprivileged user id.
         */
        ZONKY,
        /**
         * The process is root and user namespaces are not available: unpack the binaries and run
         * them as {@link UnprivilegedUser#DEFAULT_NAME} through {@code setpriv}/{@code runuser}.
         */
        PRIVILEGE_DROP
    }

    private final Strategy strategy;
    private final AutoCloseable process;
    private final int port;
    private boolean closed;

    private EmbeddedPostgresServer(Strategy strategy, AutoCloseable process, int port) {
        this.strategy = strategy;
        this.process = process;
        this.port = port;
    }

    /** @return the strategy that works for this process */
    public static Strategy strategyForThisProcess() {
        if (!UnprivilegedUser.processIsRoot() || LinuxUtils.isUnshareAvailable()) {
            return Strategy.ZONKY;
        }
        return Strategy.PRIVILEGE_DROP;
    }

    /**
     * Starts a server the way that works for this process: {@link #strategyForThisProcess()}, and
     * for a root process whose zonky start failed (a user namespace that exists but cannot do the
     * job), {@link Strategy#PRIVILEGE_DROP} as a second try.
     *
     * @return the running server
     * @throws UnavailableException if it did not start; a first failure is attached as suppressed
     */
    public static EmbeddedPostgresServer startForThisProcess() {
        Strategy strategy = strategyForThisProcess();
        try {
            return start(strategy);
        } catch (UnavailableException e) {
            if (strategy != Strategy.ZONKY || !UnprivilegedUser.processIsRoot()) {
                throw e;
            }
            LOG.warn("Zonky could not start PostgreSQL as root under unshare; dropping privileges instead", e);
            try {
                return start(Strategy.PRIVILEGE_DROP);
            } catch (RuntimeException second) {
                second.addSuppressed(e);
                throw second;
            }
        }
    }

    /**
     * Starts a server on a free loopback port.
     *
     * @param strategy how to get a non-root server process; {@link Strategy#PRIVILEGE_DROP} needs root
     * @return the running server
     * @throws UnavailableException             if it did not start
     * @throws io.tenantstore.StoreException    with {@code CONFIGURATION} if privileges cannot be dropped
     */
    public static EmbeddedPostgresServer start(Strategy strategy) {
        return switch (strategy) {
            case ZONKY -> startZonky();
            case PRIVILEGE_DROP -> {
                if (!UnprivilegedUser.processIsRoot()) {
                    throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                            "the privilege-dropping PostgreSQL launcher needs a root process", null);
                }
                UnprivilegedUser user = UnprivilegedUser.lookup(UnprivilegedUser.DEFAULT_NAME);
                PrivilegeDroppingPostgres server =
                        PrivilegeDroppingPostgres.start(user, user.commandPrefix(Files::isExecutable));
                yield new EmbeddedPostgresServer(strategy, server, server.port());
            }
        };
    }

    /**
     * Starts a server that checks passwords: the superuser {@code postgres} is trusted on the
     * loopback (to set tests up), every other role must log in with a SCRAM-SHA-256 password. For
     * tests of credential rotation, which a trusting server cannot prove.
     *
     * @return the running server
     * @throws UnavailableException if it did not start
     */
    public static EmbeddedPostgresServer startWithPasswordAuthentication() {
        Path hba;
        try {
            Path dir = Files.createTempDirectory("tenantstore-pg-hba-");
            hba = dir.resolve("pg_hba.conf");
            Files.writeString(hba, String.join("\n",
                    "# TYPE DATABASE USER ADDRESS METHOD",
                    "local all postgres trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "local all all scram-sha-256",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    ""));
            // the server may run as another user (unshare, setpriv): let it read the file
            dir.toFile().setReadable(true, false);
            dir.toFile().setExecutable(true, false);
            hba.toFile().setReadable(true, false);
        } catch (IOException e) {
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    "could not write pg_hba.conf for a password-checking PostgreSQL", e);
        }
        return startZonky(java.util.Map.of("hba_file", hba.toString(), "password_encryption", "scram-sha-256"));
    }

    private static EmbeddedPostgresServer startZonky() {
        return startZonky(java.util.Map.of());
    }

    private static EmbeddedPostgresServer startZonky(java.util.Map<String, String> extraConfig) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // our own hook stops it, in order with the other servers
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            extraConfig.forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder.start();
            LOG.info("Embedded PostgreSQL (zonky) on 127.0.0.1:{}", postgres.getPort());
            return new EmbeddedPostgresServer(Strategy.ZONKY, postgres, postgres.getPort());
        } catch (IOException | RuntimeException e) {
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    "could not start the embedded PostgreSQL server", e);
        }
    }

    /** @return how this server was started */
    public Strategy strategy() {
        return strategy;
    }

    /** @return the loopback port it listens on */
    public int port() {
        return port;
    }

    /** @return the server as a test database: superuser {@code postgres}, no password, database {@code postgres} */
    public TestDatabase database() {
        return new TestDatabase(Engine.POSTGRES, "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres",
                null, Source.EMBEDDED);
    }

    /** Stops the server and removes its files; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            process.close();
        } catch (Exception e) {
            LOG.warn("Could not stop the embedded PostgreSQL server on port {}", port, e);
        }
    }
}

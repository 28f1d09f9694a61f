package io.tenantstore.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;

import javax.sql.DataSource;

import io.tenantstore.MigrationException;
import io.tenantstore.jdbc.SqlDialect;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock that lets one process at a time migrate a target (see
 * {@link SqlDialect#lockMigrations}): another process meeting the same brand-new target waits
 * and then finds it current, instead of running Flyway into a history table that is still being
 * written. Released by {@link #close()}. Not thread-safe; one per migration.
 */
final class MigrationLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationLock.class);
    /** How long a process waits for another one's migration of the same target. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Longest name every engine accepts (MySQL's GET_LOCK). */
    private static final int MAX_NAME = 64;

    private final SqlDialect dialect;
    private final Connection connection;
    private final String name;
    private final boolean ownsConnection;

    private MigrationLock(SqlDialect dialect, Connection connection, String name, boolean ownsConnection) {
        this.dialect = dialect;
        this.connection = connection;
        this.name = name;
        this.ownsConnection = ownsConnection;
    }

    /**
     * Takes the lock on a connection of its own, closed with the lock.
     *
     * @param connections where the connection comes from (not the traffic pool)
     * @param kind        what is migrated, part of the name ("tenant", "control-plane")
     * @param schema      the target schema, or {@code null} for the connection's default one
     * @param what        the target, for the message when the wait times out
     * @throws MigrationException when another process held it for the whole {@link #TIMEOUT}
     * @throws SQLException       when the server fails
     */
    static MigrationLock take(DataSource connections, SqlDialect dialect, String kind, @Nullable String schema,
                              String what) throws SQLException {
        Connection c = connections.getConnection();
        try {
            return take(c, dialect, kind, schema, what, true);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException close) {
                e.addSuppressed(close);
            }
            throw e;
        }
    }

    /**
     * Takes the lock on {@code c}, which the caller keeps and closes.
     *
     * @see #take(DataSource, SqlDialect, String, String, String)
     */
    static MigrationLock on(Connection c, SqlDialect dialect, String kind, @Nullable String schema, String what)
            throws SQLException {
        return take(c, dialect, kind, schema, what, false);
    }

    private static MigrationLock take(Connection c, SqlDialect dialect, String kind, @Nullable String schema,
                                      String what, boolean owns) throws SQLException {
        // a default-schema target is its database: named by it, as some engines' locks span the server
        String name = name(kind, schema != null ? schema : "db " + c.getCatalog());
        if (!dialect.lockMigrations(c, name, TIMEOUT)) {
            throw new MigrationException("another instance has been migrating " + what + " for " + TIMEOUT.toSeconds()
                    + " s; try again when it has finished");
        }
        return new MigrationLock(dialect, c, name, owns);
    }

    /** @return {@code tenantstore <kind> <target>}, or a digest of it when that is longer than every engine allows */
    static String name(String kind, String target) {
        String plain = "tenantstore " + kind + " " + target;
        if (plain.length() <= MAX_NAME) {
            return plain;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plain.getBytes(StandardCharsets.UTF_8));
            String prefix = "tenantstore " + kind + " #";
            String hex = HexFormat.of().formatHex(digest);
            return prefix + hex.substring(0, Math.min(hex.length(), MAX_NAME - prefix.length()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Releases the lock. A failure here never turns a finished migration into a failed call:
     * closing its own connection releases the lock with the session; on a borrowed connection
     * (which its owner closes right after) a failed unlock is only logged.
     */
    @Override
    public void close() {
        try {
            if (ownsConnection) {
                connection.close();
            } else {
                dialect.unlockMigrations(connection, name);
            }
        } catch (SQLException e) {
            LOG.warn("releasing the migration lock '{}' failed; it goes with the connection: {}", name, e.toString());
        }
    }
}

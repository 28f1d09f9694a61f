package io.tenantstore.jdbc.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;


import io.tenantstore.spi.Credential;
import org.jspecify.annotations.Nullable;

/**
 * The connections Flyway runs on: new physical connections with the pool's URL, login and driver
 * properties, closed when Flyway is done, never part of the traffic pool. Flyway holds two
 * connections per run on PostgreSQL (one for its lock and history, one for the migrations),
 * changes their session state while it works (search path, advisory locks) and keeps them for the
 * whole run; taken from the traffic pool they could starve or deadlock it (a pool of one could
 * never migrate) and tenants would later get connections a migration had touched. Migrations run
 * once per target, so opening connections for them costs little; no pool means no housekeeping
 * thread per data source either. Thread-safe.
 */
final class MigrationDataSource extends FixedLoginDataSource {
    /** Connections one migration run holds: Flyway's two and the one holding the target's {@link MigrationLock}. */
    static final int CONNECTIONS_PER_RUN = 3;

    private final String url;
    private final Properties properties;
    private final @Nullable Supplier<Credential> credentials;

    /**
     * @param url        the JDBC URL
     * @param username   the login, or {@code null}
     * @param password   the password, or {@code null}
     * @param properties driver properties
     * @param credentials the current short-lived login, asked for each connection, or {@code null}
     *                    to use {@code username} and {@code password}
     */
    MigrationDataSource(String url, @Nullable String username, @Nullable String password,
                        Map<String, String> properties, @Nullable Supplier<Credential> credentials) {
        this.url = url;
        this.credentials = credentials;
        this.properties = new Properties();
        this.properties.putAll(properties);
        if (username != null) {
            this.properties.setProperty("user", username);
        }
        if (password != null) {
            this.properties.setProperty("password", password);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (credentials == null) {
            return DriverManager.getConnection(url, properties);
        }
        // Each connection logs in with the credential current now, like the pool's connections.
        Credential c = credentials.get();
        Properties login = new Properties();
        login.putAll(properties);
        login.setProperty("user", c.username());
        login.setProperty("password", c.secret().reveal());
        return DriverManager.getConnection(url, login);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }

    /** @return the URL, never the password */
    @Override
    public String toString() {
        return "MigrationDataSource[" + url + "]";
    }
}

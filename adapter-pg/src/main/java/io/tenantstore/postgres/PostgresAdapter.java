package io.tenantstore.postgres;

import java.util.Set;

import io.tenantstore.InvalidInputException;
import io.tenantstore.jdbc.JdbcAdapters;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.StoreAdapter;

/**
 * The {@code postgres} adapter: one HikariCP pool per data source over the PostgreSQL JDBC driver,
 * Flyway migrations from {@code db/tenantstore/postgresql}, and row-level security for shared
 * tenants. Stateless and thread-safe.
 */
public final class PostgresAdapter implements StoreAdapter {
    /** The name configurations use. */
    public static final String NAME = "postgres";

    /** Creates the adapter; the service loader calls this. */
    public PostgresAdapter() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return {@code postgresql} */
    @Override
    public Set<String> aliases() {
        return Set.of("postgresql");
    }

    /**
     * @throws InvalidInputException when the URL is not a {@code jdbc:postgresql:} URL
     */
    @Override
    public AdapterConnection connect(AdapterConfig config) {
        String url = config.db().url();
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new InvalidInputException("the postgres adapter needs a jdbc:postgresql: URL, got '" + url + "'");
        }
        return JdbcAdapters.connect(config, PostgresDialect.INSTANCE);
    }

    /**
     * Opens the control plane kept in this global database, migrating its tables first.
     *
     * @throws InvalidInputException when the URL is not a {@code jdbc:postgresql:} URL
     */
    @Override
    public io.tenantstore.spi.ControlPlaneStore openControlPlaneStore(AdapterConfig config) {
        String url = config.db().url();
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new InvalidInputException("the " + NAME + " adapter needs a jdbc:postgresql: URL for globalDb, got '" + url + "'");
        }
        return JdbcAdapters.openControlPlaneStore(config, PostgresDialect.INSTANCE);
    }
}

package io.tenantstore.postgres;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.StoreException;
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
    /** {@code preferQueryMode=simple} among a URL's parameters, in any case. */
    private static final Pattern SIMPLE_QUERY_MODE =
            Pattern.compile("[?&]preferQueryMode=simple(&|$)", Pattern.CASE_INSENSITIVE);

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
     * @throws StoreException        with code {@code CONFIGURATION} for a {@code shared} data source
     *                               whose driver would put parameters into the query text
     */
    @Override
    public AdapterConnection connect(AdapterConfig config) {
        String url = config.db().url();
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new InvalidInputException("the postgres adapter needs a jdbc:postgresql: URL, got '" + url + "'");
        }
        refuseSimpleQueries(config.db());
        return JdbcAdapters.connect(config, PostgresDialect.INSTANCE);
    }

    /**
     * With {@code preferQueryMode=simple} the driver writes every parameter into the query text, which
     * every session of the same login can read in {@code pg_stat_activity}: on a shared database that
     * includes the signed value with which a connection enters its tenant for row-level security,
     * so raw SQL of one tenant could read another tenant's value and enter it.
     */
    private static void refuseSimpleQueries(DbConfig db) {
        if (db.isolation() != Isolation.SHARED) {
            return;
        }
        String property = db.properties().get("preferQueryMode");
        if (SIMPLE_QUERY_MODE.matcher(db.url()).find()
                || (property != null && property.trim().toLowerCase(Locale.ROOT).equals("simple"))) {
            throw new StoreException(ErrorCode.CONFIGURATION, "preferQueryMode=simple is refused on a shared"
                    + " PostgreSQL data source: the driver would write the signed tenant values row-level security"
                    + " relies on into the query text, which other sessions of the login can read"
                    + " (pg_stat_activity); leave the driver's default query mode");
        }
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

package io.tenantstore.mysql;

import java.util.Set;

import io.tenantstore.InvalidInputException;
import io.tenantstore.jdbc.JdbcAdapters;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.StoreAdapter;

/**
 * The {@code mysql} adapter (alias {@code mariadb}): one HikariCP pool per data source over MySQL
 * Connector/J, Flyway migrations from {@code db/tenantstore/mysql}, for MySQL 8.0+ and MariaDB
 * 10.6+. Both servers are reached with a {@code jdbc:mysql:} URL.
 *
 * <p>Isolation: {@code database} (the tenant's own database), {@code schema} (a MySQL database
 * per tenant on a shared server; SQL names it, validated and backtick-quoted, on pooled
 * connections that never {@code USE} it) and {@code shared} (shared tables). MySQL and MariaDB
 * have no row-level security: in {@code shared} tables, tenants are separated only by the
 * {@code tenant_id} every statement binds (and that leads every key), so an application's own SQL
 * through {@code unwrap} must filter by tenant itself. Use {@code schema} or {@code database}
 * when the server itself must keep tenants apart (grants per database).
 *
 * <p>Logins: with an {@code owner} login the owner creates and migrates the databases, then grants
 * the runtime login {@code SELECT, INSERT, UPDATE, DELETE} on each of their tables (the migration
 * history read-only) and nothing of DDL; an owner login without {@code GRANT OPTION} is refused at
 * the first bind.
 *
 * <p>Stateless and thread-safe.
 */
public final class MysqlAdapter implements StoreAdapter {
    /** The name configurations use. */
    public static final String NAME = "mysql";

    /** Creates the adapter; the service loader calls this. */
    public MysqlAdapter() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return {@code mariadb} */
    @Override
    public Set<String> aliases() {
        return Set.of("mariadb");
    }

    /**
     * @throws InvalidInputException when the URL is not a {@code jdbc:mysql:} URL
     */
    @Override
    public AdapterConnection connect(AdapterConfig config) {
        String url = config.db().url();
        if (!url.startsWith("jdbc:mysql:")) {
            throw new InvalidInputException("the mysql adapter needs a jdbc:mysql: URL (MySQL Connector/J, for MySQL"
                    + " and MariaDB alike), got '" + url + "'");
        }
        return JdbcAdapters.connect(config, MysqlDialect.INSTANCE);
    }

    /**
     * Opens the control plane kept in this global database, migrating its tables first.
     *
     * @throws InvalidInputException when the URL is not a {@code jdbc:mysql:} URL
     */
    @Override
    public io.tenantstore.spi.ControlPlaneStore openControlPlaneStore(AdapterConfig config) {
        String url = config.db().url();
        if (!url.startsWith("jdbc:mysql:")) {
            throw new InvalidInputException("the " + NAME + " adapter needs a jdbc:mysql: URL for globalDb, got '" + url + "'");
        }
        return JdbcAdapters.openControlPlaneStore(config, MysqlDialect.INSTANCE);
    }
}

package io.tenantstore.mongodb;

import java.util.EnumSet;
import java.util.Set;

import io.tenantstore.Isolation;

import io.tenantstore.mongodb.internal.MongoConnection;
import io.tenantstore.DbConfig;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.StoreAdapter;

/**
 * The MongoDB adapter, chosen by {@code driver: mongodb} (alias {@code mongo}); needs
 * mongodb-driver-sync 5.x. Stateless and thread-safe.
 *
 * <h2>Connecting</h2>
 * {@code url} is a MongoDB connection string ({@code mongodb://host:27017/app} or
 * {@code mongodb+srv://...}); {@code username} and {@code password} become the login (source and
 * mechanism as the connection string says: {@code authSource}, else the URL's database, else
 * {@code admin}); driver {@code properties} are added as connection-string options. The pool
 * settings size the driver's pool; the connection timeout bounds the wait for a pooled connection
 * and, unless the URL says otherwise, server selection and connecting. {@code connect} pings the
 * server, so a down server fails at once with {@code UnavailableException(DATABASE_DOWN)}.
 *
 * <h2>Short-lived credentials</h2>
 * Instead of a {@code password}, a {@code credentials} source may supply the login: static, env,
 * file or command, refreshed ahead of expiry (docs/configuration.md); the user comes from the source or else
 * from {@code username}. The first credential is obtained at {@code connect}, so a misconfigured
 * source fails at start with a {@code CredentialException}. The driver keeps one credential per
 * client, and a server usually keeps accepting a rotated password until it expires, so the client
 * is kept while its login works: a refresh alone changes nothing. When the server refuses the login
 * (at a new pooled connection's handshake, before the request is sent) and the source has a newer
 * credential, one new client is built with it however many operations failed at once, each failed
 * operation is retried once on it, and the old client is closed when the operations still running
 * on it end (at most 60 s later, at a health check). When the source has nothing newer, the
 * operation fails with a {@code CredentialException}; the secret is never in a message. Health
 * checks ({@code ping}) also start a due refresh, so an idle data source's credential stays fresh.
 *
 * <h2>Isolation</h2>
 * <ul>
 *   <li>{@code database}: one MongoDB database per tenant. When the URL names no database the
 *       tenant's database is {@code t_<slug>} ({@code -} becomes {@code _}; slugs too long for
 *       MongoDB's 63-byte limit are shortened with a hash suffix), so one client serves every
 *       tenant database on a server. When the URL names a database (a tenant's own
 *       {@code database:} block), that database is the tenant's. With authentication, the login
 *       needs {@code readWrite} on every tenant database it serves ({@code readWriteAnyDatabase}
 *       when the names are derived).</li>
 *   <li>{@code shared}: one database for every tenant, the one named in the URL or else
 *       {@code tenantstore}.</li>
 *   <li>{@code schema}: not declared ({@link #isolations()}), so the store refuses it when the
 *       configuration is read, and a bind with it raises an {@code UnsupportedIsolationException}. MongoDB has no
 *       schemas, and silently mapping the setting to a database per tenant would give the operator
 *       a different layout (and different backup and permission units) than the one configured.</li>
 * </ul>
 * In every isolation each document carries {@code tenantId}, every filter includes it and every
 * index leads with it (defence in depth), so tenants never see each other's documents even when
 * they share a database.
 *
 * <h2>Indexes</h2>
 * The counterpart of the SQL migrations: versioned index changes applied when a tenant is first
 * bound to a database, once per database however many tenants race, and recorded in the
 * database's {@code _tenantstore_migrations} collection. Applying them is idempotent, so several
 * processes may do it at once. Uniqueness (email ignoring case, token hash, role name, ...) is
 * enforced by unique indexes; a violation raises {@code ConflictException}. The application's
 * migration locations (Flyway SQL for the SQL adapters) are not applied to MongoDB; a warning
 * names them.
 *
 * <h2>Atomicity</h2>
 * Refresh token rotation, recovery codes and TOTP replay protection use single-document
 * conditional updates, not multi-document transactions, so they hold on standalone servers.
 *
 * <h2>Handles</h2>
 * {@code unwrap(com.mongodb.client.MongoDatabase.class)} gives the tenant's database. In
 * {@code shared} isolation that is the shared database and it is <b>not</b> filtered by tenant:
 * queries the application writes itself must include {@code tenantId}.
 * The data source's {@code MongoClient} is not offered: it reaches every tenant's database. The
 * database handle comes from the client current at the call: with a
 * {@code credentials} source, a rotation the server enforces replaces that client and closes the
 * old one, so a handle kept from before may stop working ({@code IllegalStateException}). Unwrap
 * again when needed rather than keeping a handle.
 */
public final class MongoStoreAdapter implements StoreAdapter {
    /** The adapter name. */
    public static final String NAME = "mongodb";
    /** The isolations MongoDB can serve. */
    static final Set<Isolation> ISOLATIONS = Set.copyOf(EnumSet.of(Isolation.DATABASE, Isolation.SHARED));

    /** Creates the adapter; ServiceLoader calls this. */
    public MongoStoreAdapter() {
        // Stateless: all state lives in the connections.
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> aliases() {
        return Set.of("mongo");
    }

    /** @return {@code database} and {@code shared}: MongoDB has no schemas */
    @Override
    public Set<Isolation> isolations() {
        return ISOLATIONS;
    }

    @Override
    public AdapterConnection connect(AdapterConfig config) {
        return MongoConnection.open(config);
    }

    /** Refuses {@code schema} isolation and a URL or database name MongoDB would refuse, without connecting. */
    @Override
    public void validate(DbConfig config) {
        if (config.isolation() == io.tenantstore.Isolation.SCHEMA) {
            throw new io.tenantstore.InvalidInputException("isolation 'schema' is not supported by the MongoDB"
                    + " adapter (MongoDB has no schemas); use 'database' or 'shared'");
        }
        io.tenantstore.mongodb.internal.DatabaseNames.checkConfig(config);
    }

    /** Opens the control plane kept in this MongoDB (the URL's database, else tenantstore_control). */
    @Override
    public io.tenantstore.spi.ControlPlaneStore openControlPlaneStore(AdapterConfig config) {
        return io.tenantstore.mongodb.internal.MongoControlPlaneStore.open(config);
    }
}

package io.tenantstore.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.util.Credentials;
import io.tenantstore.core.internal.InputRules;
import io.tenantstore.core.credential.CredentialProviders;
import io.tenantstore.core.credential.RefreshingCredentialProvider;
import io.tenantstore.spi.Credential;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.MigrationException;
import io.tenantstore.MigrationMode;
import io.tenantstore.OwnerLogin;
import io.tenantstore.RowSecurityMode;
import io.tenantstore.PoolSettings;
import io.tenantstore.Secret;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import io.tenantstore.jdbc.RowSecurity;
import io.tenantstore.jdbc.SqlDialect;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HikariCP pool and the targets migrated on it. {@link #bind} prepares a target once, however
 * many callers race for it (single flight; a failure is not remembered, the next caller tries
 * again), then hands out repositories that share the target's rendered statements. A warm bind is
 * one map read plus a few small objects.
 *
 * <p>Targets: {@code schema} isolation migrates and qualifies with the tenant's schema;
 * {@code database} and {@code shared} use the connection's default schema, and {@code shared}
 * adds the engine's row-level security (PostgreSQL). One database cannot serve
 * {@code database}-isolated tenants without row-level security and {@code shared} tenants at once:
 * turning the policies on would hide every row from the former, so that bind is refused.
 *
 * <p>Thread-safe.
 */
public final class JdbcConnection implements AdapterConnection {
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(JdbcConnection.class);
    private static final String USERS_TABLE = "ts_users";
    /**
     * Most targets migrated at once on one connection; each holds
     * {@value MigrationDataSource#CONNECTIONS_PER_RUN} connections of its own. Default: 4.
     */
    static final int MAX_CONCURRENT_MIGRATIONS = 4;

    private final AdapterConfig config;
    private final SqlDialect dialect;
    private final HikariDataSource pool;
    private final String source;
    private final SqlRunner runner;
    private final Migrator migrator;
    private final @Nullable RowSecurity rowSecurity;
    private final ConcurrentMap<TargetKey, CompletableFuture<Target>> targets = new ConcurrentHashMap<>();
    private final Semaphore migrationPermits;
    private final Object defaultSchemaLock = new Object();
    /** Guarded by {@link #defaultSchemaLock}: the default schema serves database tenants without RLS. */
    private boolean defaultServesUnguarded;
    private final @Nullable RefreshingCredentialProvider credentials;
    private final MigrationDataSource migrations;
    private final @Nullable String defaultCatalog;
    /** The row-level security key of the default schema, once a guarded target is prepared. */
    private volatile @Nullable String rowSecurityKey;
    private volatile boolean closed;

    private JdbcConnection(AdapterConfig config, SqlDialect dialect, HikariDataSource pool, String source,
                           @Nullable RefreshingCredentialProvider credentials, @Nullable String defaultCatalog) {
        this.defaultCatalog = defaultCatalog;
        this.config = config;
        this.credentials = credentials;
        this.dialect = dialect;
        this.pool = pool;
        this.source = source;
        this.rowSecurity = dialect.rowSecurity().orElse(null);
        this.runner = new SqlRunner(pool, dialect, source, rowSecurity, pool::isClosed, pool::evictConnection);
        // migrations open connections of their own: at most as many as the pool may hold
        int permits = Math.max(1, Math.min(MAX_CONCURRENT_MIGRATIONS,
                config.db().pool().maxSize() / MigrationDataSource.CONNECTIONS_PER_RUN));
        this.migrationPermits = new Semaphore(permits);
        DbConfig db = config.db();
        Map<String, String> driverProperties = new HashMap<>(dialect.defaultDriverProperties());
        driverProperties.putAll(db.properties());
        // migrations (DDL) run as the owner login when one is configured, else as the runtime login
        OwnerLogin owner = db.owner().orElse(null);
        this.migrations = owner != null
                ? new MigrationDataSource(db.url(), owner.username(),
                        owner.password() == null ? null : owner.password().reveal(), driverProperties, null)
                : new MigrationDataSource(db.url(), db.username().orElse(null),
                        db.password().map(Secret::reveal).orElse(null), driverProperties,
                        credentials == null ? null : credentials::current);
        ClassLoader appLoader = Thread.currentThread().getContextClassLoader();
        this.migrator = new Migrator(migrations, pool, dialect, config.migrationLocations(),
                appLoader != null ? appLoader : JdbcConnection.class.getClassLoader(), source);
    }

    /**
     * Opens the pool (one connection is made to check the database answers).
     *
     * @param config  the data source and the store's services
     * @param dialect the engine
     * @return the connection
     * @throws UnavailableException when the database cannot be reached
     */
    public static JdbcConnection open(AdapterConfig config, SqlDialect dialect) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(dialect, "dialect");
        DbConfig db = config.db();
        String source = db.url() + db.username().map(u -> " as " + u).orElse("");
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("tenantstore-" + dialect.name() + "-" + POOL_NUMBER.incrementAndGet());
        hc.setJdbcUrl(db.url());
        RefreshingCredentialProvider credentials = CredentialProviders.forDataSource(config, source).orElse(null);
        if (credentials != null) {
            // HikariCP asks for each new physical connection, so a rotated password is picked up
            // without closing the pool; the hot path never waits for a mint while one is valid.
            hc.setCredentialsProvider(() -> {
                Credential c = credentials.current();
                return Credentials.of(c.username(), c.secret().reveal());
            });
        } else {
            db.username().ifPresent(hc::setUsername);
            db.password().ifPresent(p -> hc.setPassword(p.reveal()));
        }
        PoolSettings ps = db.pool();
        hc.setMaximumPoolSize(ps.maxSize());
        hc.setMinimumIdle(ps.minIdle());
        hc.setConnectionTimeout(ps.connectionTimeout().toMillis());
        dialect.defaultDriverProperties().forEach(hc::addDataSourceProperty);
        db.properties().forEach(hc::addDataSourceProperty);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    "cannot connect to " + source, e.getCause() != null ? e.getCause() : e);
        } catch (RuntimeException e) {
            throw new InvalidInputException("cannot open a pool for " + source + ": " + e.getMessage(), e);
        }
        String defaultCatalog;
        try (Connection c = pool.getConnection()) {
            defaultCatalog = c.getCatalog();
        } catch (SQLException e) {
            pool.close();
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "cannot connect to " + source, e);
        }
        return new JdbcConnection(config, dialect, pool, source, credentials, defaultCatalog);
    }

    @Override
    public TenantRepositories bind(TenantScope scope) {
        Objects.requireNonNull(scope, "scope");
        // the scope is checked before anything touches the database
        UUID tenantId = InputRules.uuid("tenant id", scope.tenantId());
        TargetKey key = switch (scope.isolation()) {
            case SCHEMA -> new TargetKey(dialect.validateIdentifier(Objects.requireNonNull(scope.schema())), false);
            case DATABASE -> TargetKey.DEFAULT;
            case SHARED -> TargetKey.SHARED;
        };
        if (closed) {
            throw new UnavailableException(UnavailableException.Reason.CLOSED,
                    "the connection to " + source + " is closed", null);
        }
        Target target = target(key);
        BoundTenant tenant = BoundTenant.of(tenantId, scope.slug());
        if (target.guarded()) {
            tenant = tenant.signedWith(rowSecurityKey);
        }
        return new JdbcTenantRepositories(
                new JdbcUserRepository(runner, tenant, target.users(), config.clock(), config.passwordHasher()),
                new JdbcTokenRepository(runner, tenant, target.tokens(), config.clock()),
                new JdbcMfaRepository(runner, tenant, target.mfa(), config.clock()),
                new JdbcConsentRepository(runner, tenant, target.consents(), config.clock()),
                new JdbcRbacRepository(runner, tenant, target.rbac(), config.clock()),
                new ScopedDataSource(pool, dialect, target.guarded() ? rowSecurity : null, tenant.rowSecurityValue(),
                        target.schema(), defaultCatalog),
                target);
    }

    /** @return the prepared target: a map read when warm, else one preparation shared by all callers */
    private Target target(TargetKey key) {
        CompletableFuture<Target> f = targets.get(key);
        if (f == null) {
            CompletableFuture<Target> mine = new CompletableFuture<>();
            f = targets.putIfAbsent(key, mine);
            if (f == null) {
                try {
                    mine.complete(prepare(key));
                } catch (Throwable t) {
                    // not remembered: the next caller prepares again
                    targets.remove(key, mine);
                    mine.completeExceptionally(t);
                }
                f = mine;
            }
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StoreException se) {
                throw se;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new StoreException(ErrorCode.INTERNAL, "preparing a target on " + source + " failed", cause);
        }
    }

    private Target prepare(TargetKey key) {
        if (!key.isDefaultSchema()) {
            migrate(key.schema(), false);
            String quoted = dialect.quoteIdentifier(key.schema());
            return Target.of(new SqlRenderer(dialect, quoted, null), key.schema(), quoted, false);
        }
        // the default schema's two kinds of tenants are prepared one at a time, so the check that
        // they do not mix cannot race
        synchronized (defaultSchemaLock) {
            boolean guarded;
            if (key.shared()) {
                // only an engine with row-level security must keep unguarded tenants off a guarded
                // database; the flag is set under this lock, so a target still being published counts
                if (rowSecurity != null && defaultServesUnguarded) {
                    throw new InvalidInputException(source + " already serves database-isolated tenants without"
                            + " row-level security; shared tenants need another database (or schema isolation)");
                }
                migrate(null, rowSecurity != null);
                guarded = rowSecurity != null;
                if (guarded) {
                    checkRuntimeLogin();
                    rowSecurityKey = readRowSecurityKey();
                }
            } else {
                migrate(null, false);
                // a database that holds shared tenants (maybe from another process) has the
                // policies on: then database-isolated tenants must set their tenant too
                guarded = rowSecurity != null && rowSecurityEnforced();
                if (!guarded) {
                    defaultServesUnguarded = true;
                } else if (rowSecurityKey == null) {
                    rowSecurityKey = readRowSecurityKey();
                }
            }
            return Target.of(new SqlRenderer(dialect, null, guarded ? rowSecurity : null), null, null, guarded);
        }
    }

    private void migrate(@Nullable String schema, boolean withRowSecurity) {
        MigrationMode mode = config.db().migrate();
        if (mode == MigrationMode.OFF) {
            return;
        }
        if (mode == MigrationMode.VALIDATE) {
            migrator.validate(schema, withRowSecurity);
            return;
        }
        migrationPermits.acquireUninterruptibly();
        try {
            migrator.migrate(schema, withRowSecurity);
            grantRuntimeRights(schema);
        } finally {
            migrationPermits.release();
        }
    }

    /** With a separate owner login: the runtime login gets the data rights on what the owner migrated. */
    private void grantRuntimeRights(@Nullable String schema) {
        DbConfig db = config.db();
        if (db.owner().isEmpty()) {
            return;
        }
        String runtime = credentials != null ? credentials.current().username() : db.username().orElse(null);
        if (runtime == null || runtime.equals(db.owner().get().username())) {
            return;
        }
        try (Connection c = migrations.getConnection()) {
            dialect.grantRuntimeRights(c, schema, runtime);
        } catch (SQLException e) {
            throw new MigrationException("granting the runtime login '" + runtime + "' its data rights on "
                    + (schema == null ? "the default schema" : "schema '" + schema + "'") + " of " + source
                    + " as the owner login failed: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a runtime login that bypasses row-level security (unless the configuration says the
     * policies are advisory), and warns once when it owns the tables (it could switch them off).
     */
    private void checkRuntimeLogin() {
        RowSecurity rs = Objects.requireNonNull(rowSecurity);
        if (rs.bypassCheckSql().isEmpty()) {
            return;
        }
        boolean bypasses;
        boolean owns;
        try (Connection c = runner.connect()) {
            try (PreparedStatement ps = c.prepareStatement(rs.bypassCheckSql()); ResultSet r = ps.executeQuery()) {
                bypasses = r.next() && r.getBoolean(1);
            }
            try (PreparedStatement ps = c.prepareStatement(rs.ownerCheckSql())) {
                ps.setString(1, USERS_TABLE);
                try (ResultSet r = ps.executeQuery()) {
                    owns = r.next() && r.getBoolean(1);
                }
            }
        } catch (SQLException e) {
            throw runner.translate(e, ErrorContext.of("check the runtime login"));
        }
        if (bypasses && config.db().rowSecurity() != RowSecurityMode.ADVISORY) {
            throw new StoreException(ErrorCode.CONFIGURATION, "the runtime login of " + source
                    + " is a superuser or has BYPASSRLS, so row-level security would not separate shared tenants:"
                    + " use a login without them (ALTER ROLE ... NOSUPERUSER NOBYPASSRLS, or a separate runtime login"
                    + " with an owner login for migrations), or set rowSecurity: advisory to accept that only"
                    + " TenantStore's tenant_id filter separates them");
        }
        if (bypasses) {
            LOG.warn("Row-level security on {} is advisory: the runtime login bypasses it (rowSecurity: advisory)",
                    source);
        } else if (owns) {
            LOG.warn("The runtime login of {} owns the shared tables: SQL run through unwrap(...) could turn their"
                    + " row-level security off (ALTER TABLE ... NO FORCE ROW LEVEL SECURITY) or read the policies' key."
                    + " Configure an owner login for migrations and a runtime login with data rights only", source);
        }
    }

    /** @return the key the policies check the tenant setting with, or {@code null} when they use the bare id */
    private @Nullable String readRowSecurityKey() {
        RowSecurity rs = Objects.requireNonNull(rowSecurity);
        if (rs.keySql().isEmpty()) {
            return null;
        }
        // only the owner login can read the key: read it with the migrations' login
        try (Connection c = migrations.getConnection(); PreparedStatement ps = c.prepareStatement(rs.keySql());
             ResultSet r = ps.executeQuery()) {
            if (!r.next()) {
                throw new MigrationException("the row-level security key of " + source + " is missing");
            }
            return r.getString(1);
        } catch (SQLException e) {
            throw new MigrationException("cannot read the row-level security key of " + source + " with the owner"
                    + " login (is the database migrated? with migrate: off, run 'tenantstore migrate' first): "
                    + e.getMessage(), e);
        }
    }

    private boolean rowSecurityEnforced() {
        RowSecurity rs = Objects.requireNonNull(rowSecurity);
        try (Connection c = runner.connect(); PreparedStatement ps = c.prepareStatement(rs.enforcedCheckSql())) {
            ps.setString(1, USERS_TABLE);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        } catch (SQLException e) {
            throw runner.translate(e, ErrorContext.of("check row-level security"));
        }
    }

    @Override
    public boolean ping(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (closed) {
            return false;
        }
        if (credentials != null) {
            credentials.refreshIfDue(); // health checks also keep an idle data source's credential fresh
        }
        try (Connection c = pool.getConnection()) {
            return c.isValid((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds())));
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public Optional<PoolCounters> counters() {
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        if (mx == null) {
            return Optional.empty();
        }
        return Optional.of(new PoolCounters(mx.getActiveConnections(), mx.getIdleConnections(),
                mx.getThreadsAwaitingConnection()));
    }

    @Override
    public void close() {
        closed = true;
        pool.close();
    }

    @Override
    public String toString() {
        return "JdbcConnection[" + source + ", " + dialect.name() + "]";
    }
}

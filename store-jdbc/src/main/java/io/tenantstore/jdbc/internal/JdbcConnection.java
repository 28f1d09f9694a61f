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
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import io.tenantstore.spi.InputRules;
import io.tenantstore.core.support.ProbingBreaker;
import io.tenantstore.core.credential.CredentialProviders;
import io.tenantstore.core.credential.RefreshingCredentialProvider;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import io.tenantstore.ConflictException;
import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.MigrationException;
import io.tenantstore.MigrationMode;
import io.tenantstore.MigrationRun;
import io.tenantstore.MigrationStatus;
import io.tenantstore.OwnerLogin;
import io.tenantstore.RowSecurityMode;
import io.tenantstore.PoolSettings;
import io.tenantstore.Secret;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import io.tenantstore.UnsupportedIsolationException;
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
    /** How long a probe's connection may take to answer its validity check. Default: 1 s. */
    static final int PROBE_VALID_TIMEOUT_SECONDS = 1;

    private final AdapterConfig config;
    private final SqlDialect dialect;
    private final GuardedPool pool;
    private final String source;
    private final SqlRunner runner;
    private final JdbcMeters.@Nullable BreakerMeters breakerMeters;
    private final Migrator migrator;
    /** Reads the migration status of a target without writing (tenantstore migrate info, --dry-run). */
    private final MigrationInspector inspector;
    /** A lock per target for {@link #migrate(TenantScope)}. */
    private final ConcurrentMap<TargetKey, Object> explicitRuns = new ConcurrentHashMap<>();
    /** Unpooled connections for DDL (migrations, dropping a purged tenant's schema). */
    private final MigrationDataSource ddl;
    private final @Nullable RowSecurity rowSecurity;
    /** The row-level security setting each of the pool's connections carries, when known. */
    private final SessionTenants sessionTenants = new SessionTenants();
    /** Brand-new schemas without a Flyway run, or {@code null} where the engine or the scripts do not allow it. */
    private final @Nullable ColdStart coldStart;
    /** Bounds the rendered SQL kept for schema targets (default-schema targets are few and keep theirs). */
    private final RenderBudget renderBudget = new RenderBudget(RenderBudget.DEFAULT_MAX_SETS);
    private final ConcurrentMap<TargetKey, CompletableFuture<Target>> targets = new ConcurrentHashMap<>();
    private final Semaphore migrationPermits;
    private final Object defaultSchemaLock = new Object();
    /** Guarded by {@link #defaultSchemaLock}: the default schema serves database tenants without RLS. */
    private boolean defaultServesUnguarded;
    private final @Nullable RefreshingCredentialProvider credentials;
    private volatile @Nullable String defaultCatalog;
    /** The row-level security key of the default schema, once a guarded target is prepared. */
    private volatile @Nullable String rowSecurityKey;
    /** Guarded by {@link #defaultSchemaLock}: the row-level security guarded targets render with, once decided. */
    private @Nullable RowSecurity guardedRowSecurity;
    private volatile boolean closed;
    /** Whether the owner login was found able to grant the runtime login its rights (or there is none). */
    private volatile boolean ownerMayGrant;
    private final MigrationDataSource migrations;
    /** Plain connections with the pool's login (and its refresh on a refused login): the start check, the probe. */
    private final DataSource logins;

    private JdbcConnection(AdapterConfig config, SqlDialect dialect, HikariConfig hc, HikariDataSource first,
                           String source, @Nullable RefreshingCredentialProvider credentials,
                           @Nullable DataSource logins) {
        this.config = config;
        this.credentials = credentials;
        this.dialect = dialect;
        this.source = source;
        this.rowSecurity = dialect.rowSecurity().orElse(null);
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
        this.logins = logins != null ? logins : migrations;
        this.breakerMeters = config.meterRegistry() == null ? null
                : JdbcMeters.breaker(config.meterRegistry(), hc.getPoolName(), this::refusingCalls);
        // the probe is one plain connect, as migrations make them: no pool, no housekeeping thread
        this.pool = new GuardedPool(hc, first, dialect, source, () -> {
            try (Connection c = this.logins.getConnection()) {
                return c.isValid(PROBE_VALID_TIMEOUT_SECONDS);
            }
        }, config.clock(), ProbingBreaker.sharedScheduler(),
                breakerMeters != null ? breakerMeters : new ProbingBreaker.Listener() { });
        this.runner = new SqlRunner(pool, dialect, source, rowSecurity, pool, sessionTenants);
        this.ddl = migrations;
        ClassLoader appLoader = Thread.currentThread().getContextClassLoader();
        this.migrator = new Migrator(migrations, pool, dialect, config.migrationLocations(),
                appLoader != null ? appLoader : JdbcConnection.class.getClassLoader(), source);
        // A PostgreSQL cold start is one transaction that leaves a pooled connection as it found it:
        // with the runtime login also running migrations it uses the pool, saving a connect; with an
        // owner login, and on MySQL (whose USE outlives the transaction), a connection of its own.
        boolean poolMigrates = owner == null && dialect.name().equals("postgresql");
        // spare schemas only where a new schema is cold-started on first use
        int spares = db.isolation() == io.tenantstore.Isolation.SCHEMA && db.migrate() == MigrationMode.ON_CONNECT
                ? db.spareSchemas() : 0;
        this.coldStart = ColdStart.of(dialect, poolMigrates ? pool : migrations, JdbcConnection.class.getClassLoader(),
                dialect.migrationLocation(), Migrator.HISTORY, source,
                // on the pool, cold starts leave at least half of its connections to the traffic
                poolMigrates ? Math.max(1, Math.min(ColdStart.DEFAULT_MAX_CONCURRENT, config.db().pool().maxSize() / 2))
                        : ColdStart.DEFAULT_MAX_CONCURRENT, spares, spares > 0 ? config.executor() : null)
                .orElse(null);
        this.inspector = new MigrationInspector(migrations, dialect, config.migrationLocations(),
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
        requireContract(dialect);
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("tenantstore-" + dialect.name() + "-" + POOL_NUMBER.incrementAndGet());
        RefreshingCredentialProvider credentials = CredentialProviders.forDataSource(config, source).orElse(null);
        @Nullable DataSource logins = null;
        Map<String, String> driverProperties = new HashMap<>(dialect.defaultDriverProperties());
        driverProperties.putAll(db.properties());
        DataSource physical;
        if (credentials != null) {
            // Each new physical connection asks the provider, so a rotated password is picked up
            // without closing the pool (the hot path never waits for a mint while one is valid); a
            // login the server refuses gets one single-flight refresh and one more attempt.
            logins = new LoginRetryingDataSource(new MigrationDataSource(db.url(), db.username().orElse(null), null,
                    driverProperties, credentials::current), credentials, config.clock());
            physical = logins;
        } else {
            physical = new MigrationDataSource(db.url(), db.username().orElse(null),
                    db.password().map(Secret::reveal).orElse(null), driverProperties, null);
        }
        // the pool's connect attempts are watched, so a down server opens the breaker at once
        ConnectWatch watch = new ConnectWatch(physical);
        hc.setDataSource(watch);
        PoolSettings ps = db.pool();
        hc.setMaximumPoolSize(ps.maxSize());
        hc.setMinimumIdle(ps.minIdle());
        hc.setConnectionTimeout(ps.connectionTimeout().toMillis());
        hc.setMaxLifetime(ps.maxLifetime().toMillis());
        hc.setKeepaliveTime(ps.keepaliveTime().toMillis());
        if (config.meterRegistry() != null) {
            JdbcMeters.trackPool(config.meterRegistry(), hc);
        }
        // HikariCP's own start-up check sleeps a second after a failed connect; checkConnects is one
        // plain attempt instead, so a down server is reported (and probed) without that second
        hc.setInitializationFailTimeout(-1);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    "cannot connect to " + source, e.getCause() != null ? e.getCause() : e);
        } catch (RuntimeException e) {
            throw new InvalidInputException("cannot open a pool for " + source + ": " + e.getMessage(), e);
        }
        JdbcConnection connection = new JdbcConnection(config, dialect, hc, pool, source, credentials,
                logins != null ? logins : physical);
        watch.onFailure(connection.pool::connectFailed);
        connection.checkConnects();
        connection.defaultCatalog = connection.readDefaultCatalog();
        if (connection.coldStart != null) {
            connection.coldStart.refill(); // the first spare schemas, when they are on
        }
        return connection;
    }

    /**
     * @return the tenant's schema name, valid for the engine and not one the store keeps for itself
     * @throws InvalidInputException otherwise
     */
    private String tenantSchema(TenantScope scope) {
        String schema = dialect.validateIdentifier(Objects.requireNonNull(scope.schema()));
        if (schema.startsWith(DbConfig.SPARE_SCHEMA_PREFIX)) {
            // a spare is claimed by a new tenant as it is, unchecked: no tenant may write into one first
            throw new InvalidInputException("invalid schema name '" + schema + "': names starting with '"
                    + DbConfig.SPARE_SCHEMA_PREFIX + "' are reserved for spare schemas");
        }
        return schema;
    }

    /**
     * Refuses, before a pool is opened, a dialect whose migrations stop short of the table contract
     * the repositories need. A location that cannot be listed (a custom class loader) is not judged.
     */
    static void requireContract(SqlDialect dialect) {
        OptionalInt provided = BundledMigrations.latest(JdbcConnection.class.getClassLoader(),
                dialect.migrationLocation());
        if (provided.isPresent() && provided.getAsInt() < SqlDialect.SCHEMA_VERSION) {
            throw new StoreException(ErrorCode.CONFIGURATION, "the " + dialect.name() + " dialect's migrations ("
                    + dialect.migrationLocation() + ") stop at version " + provided.getAsInt() + ", but this release's"
                    + " repositories need the tables of version " + SqlDialect.SCHEMA_VERSION + ": add the missing"
                    + " V<n>__ scripts to the dialect (see the bundled ones of the same versions)");
        }
    }

    /** @return the default database of the pool's login (restored on unwrapped connections' return) */
    private @Nullable String readDefaultCatalog() {
        try (Connection c = logins.getConnection()) {
            return c.getCatalog();
        } catch (SQLException | RuntimeException e) {
            close();
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "cannot connect to " + source, e);
        }
    }

    /** One plain connect: the server answers and accepts the login, or the pool is closed again. */
    private void checkConnects() {
        try (Connection c = logins.getConnection()) {
            c.isValid(PROBE_VALID_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            close();
            if (e instanceof StoreException se) {
                throw se; // a credential that could not be minted
            }
            if (Logins.refused(e)) {
                throw new io.tenantstore.CredentialException("cannot connect to " + source
                        + ": the server refused the login", e);
            }
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "cannot connect to " + source, e);
        }
    }

    @Override
    public TenantRepositories bind(TenantScope scope) {
        Objects.requireNonNull(scope, "scope");
        // the scope is checked before anything touches the database
        UUID tenantId = InputRules.uuid("tenant id", scope.tenantId());
        if (!dialect.isolations().contains(scope.isolation())) {
            throw new UnsupportedIsolationException(dialect.name(), scope.isolation(), dialect.isolations());
        }
        TargetKey key = switch (scope.isolation()) {
            case SCHEMA -> new TargetKey(tenantSchema(scope), false);
            case DATABASE -> TargetKey.DEFAULT;
            case SHARED -> TargetKey.SHARED;
        };
        if (closed) {
            throw pool.evicted()
                    ? new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                            "the connection to " + source + " was replaced; call again", null)
                    : new UnavailableException(UnavailableException.Reason.CLOSED,
                            "the connection to " + source + " is closed: the store was closed", null);
        }
        Target target = target(key);
        BoundTenant tenant = BoundTenant.of(tenantId, scope.tenantId(), scope.slug());
        if (target.guarded()) {
            tenant = tenant.signedWith(rowSecurityKey);
        }
        if (!key.isDefaultSchema() && !tenantId.equals(target.owner())) {
            if (target.takeCreatedEmpty()) {
                target.owner(tenantId); // created empty by this process a moment ago: no rows to check
            } else {
                claimSchema(key.schema(), target, tenant);
            }
        }
        return new JdbcTenantRepositories(parts, tenant, target);
    }

    /** What every bound tenant's repositories share: one instance per connection. */
    private final JdbcTenantRepositories.Parts parts = new JdbcTenantRepositories.Parts() {
        @Override
        public SqlRunner runner() {
            return runner;
        }

        @Override
        public AdapterConfig config() {
            return config;
        }

        @Override
        public javax.sql.DataSource dataSource(BoundTenant tenant, Target target) {
            return new ScopedDataSource(pool, dialect, rowSecurity, target.guarded(), tenant.rowSecurityValue(),
                    target.schema(), defaultCatalog, sessionTenants);
        }
    };

    /**
     * A schema is one tenant's: one holding another tenant's rows (left by a tenant deleted with
     * its data kept, whose slug a new tenant took) is refused, so a new tenant never sees old rows.
     */
    private void claimSchema(String schema, Target target, BoundTenant tenant) {
        Optional<String> other = new TenantPurge(runner, target).otherTenant(tenant);
        if (other.isPresent()) {
            throw new ConflictException("schema " + schema + " on " + source + " holds rows of another tenant (id "
                    + other.get() + "), not of tenant " + tenant.slug() + " (id " + tenant.idText() + "); it was"
                    + " probably left by a deleted tenant whose data was kept. Drop the schema, or give tenant "
                    + tenant.slug() + " another schema");
        }
        target.owner(tenant.id());
    }

    @Override
    public String purge(TenantScope scope) {
        Objects.requireNonNull(scope, "scope");
        UUID tenantId = InputRules.uuid("tenant id", scope.tenantId());
        BoundTenant tenant = BoundTenant.of(tenantId, scope.slug());
        if (scope.isolation() != io.tenantstore.Isolation.SCHEMA) {
            // Shared tables, or a database the configuration named: the store did not create it,
            // so only the tenant's rows go.
            Target target = target(scope.isolation() == io.tenantstore.Isolation.SHARED ? TargetKey.SHARED
                    : TargetKey.DEFAULT);
            // under row-level security the deletes see only rows of the signed tenant setting
            long roots = new TenantPurge(runner, target)
                    .deleteRows(target.guarded() ? tenant.signedWith(rowSecurityKey) : tenant);
            return "deleted " + roots + " users and roles (with their tokens, MFA, consents and grants) of tenant "
                    + tenant.idText() + " from " + source;
        }
        String schema = tenantSchema(scope);
        TargetKey key = new TargetKey(schema, false);
        Target target = target(key);
        claimSchema(schema, target, tenant); // never drop another tenant's rows with it
        // DDL goes the way migrations go: a fresh connection, never one the pool hands to tenants.
        try (Connection c = ddl.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute(dialect.dropSchemaSql(dialect.quoteIdentifier(schema)));
        } catch (SQLException e) {
            throw runner.translate(e, ErrorContext.of("drop schema " + schema));
        } finally {
            // A later bind of this schema creates and migrates it again.
            targets.remove(key); // with it, what it knew of the schema's owner
        }
        return "dropped schema " + schema + " on " + source;
    }

    @Override
    public int reEncryptSecrets(TenantScope scope) {
        return ((JdbcMfaRepository) bind(scope).mfa()).reEncryptSecrets();
    }

    /**
     * Reads the target's histories with Flyway's {@code info}: nothing is created or recorded, and
     * the target is not prepared for binding. A schema that does not exist yet shows every
     * migration pending.
     */
    @Override
    public MigrationStatus migrationStatus(TenantScope scope) {
        TargetKey key = targetKeyOf(scope);
        return inspector.status(key.isDefaultSchema() ? null : key.schema(), key.shared() && rowSecurity != null);
    }

    /**
     * Migrates the target whatever the configured {@code migrate} mode (the operator asked), as
     * the owner login when one is configured, granting the runtime login its rights afterwards; the
     * applied versions are those pending before and applied after.
     */
    @Override
    public MigrationRun migrate(TenantScope scope) {
        TargetKey key = targetKeyOf(scope);
        boolean withRowSecurity = key.shared() && rowSecurity != null;
        String schema = key.isDefaultSchema() ? null : key.schema();
        // one run per target at a time in this process, so tenants sharing a target do not each
        // claim the versions the first one applied
        synchronized (explicitRuns.computeIfAbsent(key, k -> new Object())) {
            MigrationStatus before = inspector.status(schema, withRowSecurity);
            if (before.current()) {
                return new MigrationRun(scope.slug(), java.util.List.of(), before);
            }
            int executed;
            migrationPermits.acquireUninterruptibly();
            try {
                executed = migrator.migrate(schema, withRowSecurity);
                grantRuntimeRights(schema);
            } finally {
                migrationPermits.release();
            }
            MigrationStatus after = inspector.status(schema, withRowSecurity);
            // none ran here: another process applied them meanwhile
            return new MigrationRun(scope.slug(), executed == 0 ? java.util.List.of()
                    : MigrationStatus.applied(before, after), after);
        }
    }

    /** @return the target of a scope, after checking the engine supports its isolation and schema name */
    private TargetKey targetKeyOf(TenantScope scope) {
        Objects.requireNonNull(scope, "scope");
        InputRules.uuid("tenant id", scope.tenantId());
        if (!dialect.isolations().contains(scope.isolation())) {
            throw new UnsupportedIsolationException(dialect.name(), scope.isolation(), dialect.isolations());
        }
        return switch (scope.isolation()) {
            case SCHEMA -> new TargetKey(tenantSchema(scope), false);
            case DATABASE -> TargetKey.DEFAULT;
            case SHARED -> TargetKey.SHARED;
        };
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
            boolean createdEmpty = migrate(key.schema(), false);
            String quoted = dialect.quoteIdentifier(key.schema());
            Target t = Target.of(new SqlRenderer(dialect, quoted, null, renderBudget), key.schema(), quoted, false);
            if (createdEmpty) {
                t.createdEmpty();
            }
            return t;
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
            return Target.of(new SqlRenderer(dialect, null, guarded ? guardedRowSecurity() : null), null, null, guarded);
        }
    }

    /**
     * Decides once whether the store's sessions switch tenants (the database has the functions for it,
     * see {@link RowSecurity#switches()}) or enter each tenant with its signed setting. Called under
     * {@link #defaultSchemaLock}, after the key was read.
     */
    private RowSecurity guardedRowSecurity() {
        RowSecurity rs = Objects.requireNonNull(rowSecurity);
        if (guardedRowSecurity != null) {
            return guardedRowSecurity;
        }
        String key = rowSecurityKey;
        boolean available = false;
        if (rs.switches() && key != null) {
            try (Connection c = runner.connect(); PreparedStatement ps = c.prepareStatement(rs.switchCheckSql());
                 ResultSet r = ps.executeQuery()) {
                available = r.next() && r.getBoolean(1);
            } catch (SQLException e) {
                throw runner.translate(e, ErrorContext.of("check row-level security"));
            }
        }
        if (available) {
            sessionTenants.markSessionsWith(key);
            guardedRowSecurity = rs;
        } else {
            guardedRowSecurity = rs.withoutSwitch();
        }
        return guardedRowSecurity;
    }

    /** @return whether the schema was created here, by a cold start, and holds no rows (no own migrations ran) */
    private boolean migrate(@Nullable String schema, boolean withRowSecurity) {
        MigrationMode mode = config.db().migrate();
        if (mode == MigrationMode.OFF) {
            migrator.requireContract(schema, withRowSecurity);
            return false;
        }
        if (mode == MigrationMode.VALIDATE) {
            migrator.validate(schema, withRowSecurity);
            return false;
        }
        checkOwnerMayGrant();
        if (schema != null && coldStart != null && coldStart.create(schema)) {
            // the bundled scripts are applied and recorded as Flyway records them; the
            // application's own locations, if any, still go through Flyway (a no-op check otherwise)
            if (!config.migrationLocations().isEmpty()) {
                migrationPermits.acquireUninterruptibly();
                try {
                    migrator.migrate(schema, false);
                } finally {
                    migrationPermits.release();
                }
            }
            grantRuntimeRights(schema);
            // only a schema built here is known empty; a claimed spare is checked like any other
            return coldStart.takeBuilt(schema) && config.migrationLocations().isEmpty();
        }
        migrationPermits.acquireUninterruptibly();
        try {
            migrator.migrate(schema, withRowSecurity);
            grantRuntimeRights(schema);
        } finally {
            migrationPermits.release();
        }
        return false;
    }

    /**
     * With a separate owner login, once: refuses, before anything is created, an owner login that
     * could not grant the runtime login its data rights afterwards.
     */
    private void checkOwnerMayGrant() {
        if (ownerMayGrant) {
            return;
        }
        DbConfig db = config.db();
        String runtime = credentials != null ? credentials.current().username() : db.username().orElse(null);
        if (db.owner().isEmpty() || runtime == null || runtime.equals(db.owner().get().username())) {
            ownerMayGrant = true;
            return;
        }
        String problem;
        try {
            problem = dialect.ownerGrantProblem(migrations);
        } catch (SQLException e) {
            throw new MigrationException("checking the rights of the owner login '" + db.owner().get().username()
                    + "' on " + source + " failed: " + e.getMessage(), e);
        }
        if (problem != null) {
            throw new StoreException(ErrorCode.CONFIGURATION, "the owner login '" + db.owner().get().username()
                    + "' of " + source + " cannot grant the runtime login '" + runtime + "' its data rights: "
                    + problem);
        }
        ownerMayGrant = true;
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
        String forges = null;
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
            if (!bypasses && !owns && !rs.forgeCheckSql().isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(rs.forgeCheckSql()); ResultSet r = ps.executeQuery()) {
                    forges = r.next() ? r.getString(1) : null;
                }
            }
        } catch (SQLException e) {
            throw runner.translate(e, ErrorContext.of("check the runtime login"));
        }
        // what lets raw SQL past the policies, null when nothing does
        String undoes = bypasses ? "is a superuser or has BYPASSRLS"
                : forges != null ? "holds " + forges : null;
        if (undoes != null && config.db().rowSecurity() != RowSecurityMode.ADVISORY) {
            throw new StoreException(ErrorCode.CONFIGURATION, "the runtime login of " + source + " " + undoes
                    + (bypasses ? ", so row-level security would not separate shared tenants: use a login without them"
                            + " (ALTER ROLE ... NOSUPERUSER NOBYPASSRLS, or a separate runtime login with an owner login"
                            + " for migrations)"
                            : ", so SQL run through unwrap(...) could read the policies' key, move its session to"
                            + " another tenant, or create functions and tables that the store's statements would find"
                            + " on its search path: revoke them (REVOKE ... FROM the role that has them)")
                    + ", or set rowSecurity: advisory to accept that only TenantStore's tenant_id filter separates"
                    + " shared tenants");
        }
        if (undoes != null) {
            LOG.warn("Row-level security on {} is advisory: the runtime login {} (rowSecurity: advisory)", source,
                    undoes);
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
        if (pool.breaker().isOpen()) {
            return false; // known down; its probe is watching
        }
        try (Connection c = pool.getConnection()) {
            return c.isValid((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds())));
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean recoversItself() {
        return true;
    }

    @Override
    public boolean refusingCalls() {
        return pool.breaker().isOpen();
    }

    @Override
    public void evict() {
        closed = true;
        if (coldStart != null) {
            coldStart.close(); // no refill outlives the pool it was started for
        }
        pool.closeEvicted();
        removeMeters();
    }

    private void removeMeters() {
        if (breakerMeters != null) {
            breakerMeters.close();
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
        if (coldStart != null) {
            coldStart.close();
        }
        pool.close();
        removeMeters();
    }

    @Override
    public String toString() {
        return "JdbcConnection[" + source + ", " + dialect.name() + "]";
    }
}

package io.tenantstore.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import io.tenantstore.DbConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.PoolSettings;
import io.tenantstore.UnavailableException;
import io.tenantstore.jdbc.JdbcAdapters;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.StoreAdapter;

/**
 * The {@code sqlite} adapter: TenantStore's embedded default, with no server to run.
 *
 * <ul>
 *   <li>{@code isolation: database}: the URL names a directory ({@code jdbc:sqlite:tenants}) and
 *       each tenant gets its own file in it, {@code <directory>/<slug>/data.db}; a relative
 *       directory is under the control-plane root, so {@code jdbc:sqlite:tenants} puts each file
 *       next to the tenant's {@code tenant.yaml}. Each file is its own small pool, evicted when idle
 *       and counted against {@code pools.maxPools} like any pool, so open files stay bounded by
 *       {@code maxPools} x the pool size;</li>
 *   <li>{@code isolation: shared}: the URL names one file ({@code jdbc:sqlite:data.db}, relative
 *       to the control-plane root) holding every tenant's rows, separated by {@code tenant_id};</li>
 *   <li>no {@code schema} isolation: SQLite has no schemas ({@link #isolations()}).</li>
 * </ul>
 *
 * <p>Every connection runs in WAL mode with a busy timeout and foreign keys on; write
 * transactions begin with {@code BEGIN IMMEDIATE}, which serialises writers on SQLite's one write
 * lock. Pools default to {@value #DEFAULT_MAX_CONNECTIONS} connections per file (readers run in
 * parallel, writers one at a time anyway) unless the configuration sets {@code pool}.
 *
 * <p>For an application's own tests, {@link #perTenantFiles(Path)} and {@link #sharedFile(Path)}
 * give a config in a temporary directory. In-memory databases are refused: each pooled connection
 * would see a different, empty database. Stateless and thread-safe.
 */
public final class SqliteAdapter implements StoreAdapter {
    /** The name configurations use. */
    public static final String NAME = "sqlite";
    /** The URL prefix. */
    public static final String URL_PREFIX = "jdbc:sqlite:";
    /** The file of a {@code database}-isolated tenant within its directory. */
    public static final String TENANT_FILE = "data.db";
    /** Connections per file when the configuration does not set the pool. Default: 4. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4;

    private static final Set<Isolation> ISOLATIONS = SqliteDialect.INSTANCE.isolations();

    /** Creates the adapter; the service loader calls this. */
    public SqliteAdapter() {
    }

    /**
     * A {@code database}-isolated config with each tenant's file under {@code directory}: for tests
     * (a JUnit {@code @TempDir}) or an explicit data directory.
     *
     * @param directory where the tenants' directories go; created when needed
     * @return the config
     */
    public static DbConfig perTenantFiles(Path directory) {
        return DbConfig.builder(NAME, URL_PREFIX + directory.toAbsolutePath()).isolation(Isolation.DATABASE).build();
    }

    /**
     * A {@code shared} config: every tenant's rows in one file.
     *
     * @param file the database file; created when needed
     * @return the config
     */
    public static DbConfig sharedFile(Path file) {
        return DbConfig.builder(NAME, URL_PREFIX + file.toAbsolutePath()).isolation(Isolation.SHARED).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return {@code database} and {@code shared} */
    @Override
    public Set<Isolation> isolations() {
        return ISOLATIONS;
    }

    /**
     * Anchors a relative path at the control-plane root and, for {@code database} isolation, picks
     * the tenant's file {@code <directory>/<slug>/data.db}.
     *
     * @throws InvalidInputException when the URL is not a file-backed {@code jdbc:sqlite:} URL
     */
    @Override
    public DbConfig dataSourceFor(DbConfig config, String tenantSlug, Path controlPlaneRoot) {
        Path path = path(config.url());
        if (!path.isAbsolute()) {
            path = controlPlaneRoot.toAbsolutePath().resolve(path);
        }
        if (config.isolation() == Isolation.DATABASE) {
            path = path.resolve(tenantSlug).resolve(TENANT_FILE);
        }
        return config.toBuilder(config.driver(), URL_PREFIX + path.normalize()).build();
    }

    /**
     * Opens the pool of one database file, creating its directory first.
     *
     * @throws InvalidInputException when the URL is not a file-backed {@code jdbc:sqlite:} URL or
     *                               names a directory
     * @throws UnavailableException  when the directory cannot be created or the file not opened
     */
    @Override
    public AdapterConnection connect(AdapterConfig config) {
        DbConfig db = config.db();
        Path file = path(db.url());
        if (Files.isDirectory(file)) {
            throw new InvalidInputException("the sqlite URL '" + db.url() + "' names a directory, not a database file");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                        "cannot create the directory of " + file, e);
            }
        }
        createOwnerOnly(file);
        DbConfig sized = db.pool().equals(PoolSettings.DEFAULTS)
                ? db.toBuilder().pool(new PoolSettings(DEFAULT_MAX_CONNECTIONS, PoolSettings.DEFAULT_MIN_IDLE,
                        PoolSettings.DEFAULT_CONNECTION_TIMEOUT)).build()
                : db;
        return JdbcAdapters.connect(new AdapterConfig(sized, config.clock(), config.executor(),
                config.passwordHasher(), config.migrationLocations(), config.dataSecrets(), config.meterRegistry()),
                SqliteDialect.INSTANCE);
    }

    /**
     * Creates a missing database file readable and writable by its owner only, before SQLite opens
     * it: the file holds password hashes, token hashes and encrypted TOTP seeds, and SQLite gives its
     * journal and WAL files the permissions of the database file. An existing file is left as it is;
     * a file system without POSIX permissions gets the file as SQLite would make it.
     */
    private static void createOwnerOnly(Path file) {
        if (Files.exists(file)) {
            return;
        }
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another pool made it in between: SQLite opens it as it is
        } catch (IOException e) {
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "cannot create " + file, e);
        }
    }

    /** @return the file or directory a {@code jdbc:sqlite:} URL names */
    static Path path(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith(URL_PREFIX)) {
            throw new InvalidInputException("the sqlite adapter needs a jdbc:sqlite: URL, got '" + url + "'");
        }
        String rest = url.substring(URL_PREFIX.length());
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.contains(":memory:") || lower.contains("mode=memory")) {
            throw new InvalidInputException("the sqlite adapter needs a database file, not an in-memory database ('"
                    + url + "'): every pooled connection would see its own empty database; use a temporary"
                    + " directory instead (SqliteAdapter.perTenantFiles(dir))");
        }
        if (lower.startsWith("file:") || rest.contains("?")) {
            throw new InvalidInputException("the sqlite adapter takes a plain path after jdbc:sqlite: (settings go in"
                    + " the config's properties), got '" + url + "'");
        }
        try {
            return Path.of(rest.isEmpty() ? "." : rest);
        } catch (InvalidPathException e) {
            throw new InvalidInputException("the sqlite URL '" + url + "' does not name a path: " + e.getReason(), e);
        }
    }
}

package io.tenantstore.core.yaml;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import io.tenantstore.CacheConfig;
import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.StoreException;
import io.tenantstore.core.secret.Keyring;

/**
 * The contents of store.yaml (docs/configuration.md), what {@code TenantStore.open(path)} reads:
 *
 * <pre>
 * fsRoot: data                      # required unless the control plane is in the database
 * controlPlane: writer              # writer | reader; Default: writer (of the fs provider)
 * controlPlane: { provider: fs, role: writer, source: database }   # the long form; source: files (Default) | database
 * defaultTenantDb: { driver: ..., url: ..., ... }   # optional DbConfig block
 * globalDb: { driver: ..., url: ... }               # optional DbConfig block
 * secrets: { keyset: env:TENANTSTORE_KEYSET }       # or file:keyset.json (relative to store.yaml)
 * pools: { maxPools: 200, idleTimeout: 10m, healthCheckInterval: 30s }
 * cache: { driver: redis, url: redis://127.0.0.1:6379/0, password: ${REDIS_PASSWORD} }   # Default: memory
 * </pre>
 *
 * Immutable and thread-safe.
 *
 * @param fsRoot          the control-plane root, absolute and normalised
 * @param writer          whether this process writes the control plane ({@code controlPlane: writer})
 * @param defaultTenantDb the default tenant database, if configured
 * @param globalDb        the global database, if configured
 * @param pools           pool budget settings; each one only when set
 * @param secretsKeyset   {@code env:NAME} or {@code file:<absolute path>}, if configured
 * @param keyring         the keyring loaded from {@code secretsKeyset}, which also decrypted this
 *                        file's {@code enc:} values
 * @param cache           the tenant cache, if configured (else the in-memory one)
 * @param controlPlaneSource where the control plane is kept ({@code controlPlane.source}), if set
 * @param controlPlaneProvider the control-plane provider's name ({@code controlPlane.provider}), if set
 */
public record StoreFile(Path fsRoot, boolean writer, Optional<DbConfig> defaultTenantDb,
                        Optional<DbConfig> globalDb, Pools pools, Optional<String> secretsKeyset,
                        Optional<Keyring> keyring, Optional<CacheConfig> cache,
                        Optional<ControlPlaneSource> controlPlaneSource, Optional<String> controlPlaneProvider) {
    private static final Pattern PROVIDER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** The secret owner name used for store.yaml's values. */
    public static final String OWNER = "store";

    /** Rejects nulls. */
    public StoreFile {
        Objects.requireNonNull(fsRoot, "fsRoot");
        Objects.requireNonNull(defaultTenantDb, "defaultTenantDb");
        Objects.requireNonNull(globalDb, "globalDb");
        Objects.requireNonNull(pools, "pools");
        Objects.requireNonNull(secretsKeyset, "secretsKeyset");
        Objects.requireNonNull(keyring, "keyring");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(controlPlaneSource, "controlPlaneSource");
        Objects.requireNonNull(controlPlaneProvider, "controlPlaneProvider");
    }

    /**
     * Contents with the default control-plane provider.
     *
     * @param fsRoot             the control-plane root
     * @param writer             whether this process writes the control plane
     * @param defaultTenantDb    the default tenant database, if configured
     * @param globalDb           the global database, if configured
     * @param pools              pool budget settings
     * @param secretsKeyset      the keyset spec, if configured
     * @param keyring            the keyring, if configured
     * @param cache              the tenant cache, if configured
     * @param controlPlaneSource where the control plane is kept, if set
     */
    public StoreFile(Path fsRoot, boolean writer, Optional<DbConfig> defaultTenantDb, Optional<DbConfig> globalDb,
                     Pools pools, Optional<String> secretsKeyset, Optional<Keyring> keyring,
                     Optional<CacheConfig> cache, Optional<ControlPlaneSource> controlPlaneSource) {
        this(fsRoot, writer, defaultTenantDb, globalDb, pools, secretsKeyset, keyring, cache, controlPlaneSource,
                Optional.empty());
    }

    /**
     * Contents without a control-plane source (the files).
     *
     * @param fsRoot          the control-plane root
     * @param writer          whether this process writes the control plane
     * @param defaultTenantDb the default tenant database, if configured
     * @param globalDb        the global database, if configured
     * @param pools           pool budget settings
     * @param secretsKeyset   the keyset spec, if configured
     * @param keyring         the keyring, if configured
     * @param cache           the tenant cache, if configured
     */
    public StoreFile(Path fsRoot, boolean writer, Optional<DbConfig> defaultTenantDb, Optional<DbConfig> globalDb,
                     Pools pools, Optional<String> secretsKeyset, Optional<Keyring> keyring,
                     Optional<CacheConfig> cache) {
        this(fsRoot, writer, defaultTenantDb, globalDb, pools, secretsKeyset, keyring, cache, Optional.empty(),
                Optional.empty());
    }

    /**
     * The {@code pools:} block.
     *
     * @param maxPools            most open pools, if set (at least 1)
     * @param idleTimeout         idle time after which a pool is closed, if set (positive)
     * @param healthCheckInterval time between pool health checks, if set (positive)
     * @param maxCachedTenants    most tenant accesses kept warm, if set (1 to 10,000,000)
     */
    public record Pools(OptionalInt maxPools, Optional<Duration> idleTimeout, Optional<Duration> healthCheckInterval,
                        OptionalInt maxCachedTenants) {
        /** Nothing set. */
        public static final Pools UNSET = new Pools(OptionalInt.empty(), Optional.empty(), Optional.empty(),
                OptionalInt.empty());

        /** Rejects nulls. */
        public Pools {
            Objects.requireNonNull(maxPools, "maxPools");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            Objects.requireNonNull(healthCheckInterval, "healthCheckInterval");
            Objects.requireNonNull(maxCachedTenants, "maxCachedTenants");
        }
    }

    /**
     * Reads store.yaml, resolving {@code ${ENV}} passwords from the process environment.
     *
     * @param storeYaml the file
     * @return its contents
     * @throws InvalidInputException naming file and line for any content problem
     * @throws StoreException        with {@link ErrorCode#CONFIGURATION} when the file cannot be read
     */
    public static StoreFile read(Path storeYaml) {
        return read(storeYaml, EnvSecretResolver.system());
    }

    /**
     * Reads store.yaml.
     *
     * @param storeYaml the file
     * @param secrets   resolves password values
     * @return its contents
     * @throws InvalidInputException naming file and line for any content problem
     * @throws io.tenantstore.SecretException for an encrypted value the resolver cannot open
     * @throws StoreException        with {@link ErrorCode#CONFIGURATION} when the file cannot be read
     */
    public static StoreFile read(Path storeYaml, SecretResolver secrets) {
        String source = storeYaml.toString();
        YamlMap root;
        try {
            root = YamlLoader.DEFAULT.readMapping(storeYaml, source);
        } catch (NoSuchFileException e) {
            throw new StoreException(ErrorCode.CONFIGURATION, "store file " + source + " does not exist", e);
        } catch (IOException e) {
            throw new StoreException(ErrorCode.CONFIGURATION, "cannot read store file " + source + ": " + e, e);
        }
        Path base = storeYaml.toAbsolutePath().getParent();

        boolean writer;
        Optional<ControlPlaneSource> cpSource = Optional.empty();
        Optional<String> provider;
        if (root.node("controlPlane").orElse(null) instanceof YamlNode.Mapping) {
            YamlMap cp = root.map("controlPlane").orElseThrow();
            writer = role(cp, "role", cp.string("role"));
            provider = cp.string("provider").map(name -> providerName(cp, "provider", name));
            cpSource = cp.string("source").map(text -> switch (text) {
                case "files" -> ControlPlaneSource.FILES;
                case "database" -> ControlPlaneSource.DATABASE;
                default -> throw cp.error("source", "controlPlane.source must be files or database, found '"
                        + YamlMap.quote(text) + "'");
            });
            cp.rejectUnknownKeys();
        } else {
            // the short form is the role alone, so a misspelt role is refused rather than taken for a name
            writer = role(root, "controlPlane", root.string("controlPlane"));
            provider = Optional.empty();
        }
        Path fsRoot;
        if (cpSource.orElse(ControlPlaneSource.FILES) == ControlPlaneSource.DATABASE && !root.has("fsRoot")) {
            // no files: relative SQLite paths are anchored beside store.yaml
            fsRoot = base.normalize();
        } else {
            fsRoot = resolve(root, "fsRoot", base, root.requireString("fsRoot"));
        }
        Optional<String> keyset = root.map("secrets").map(m -> {
            String spec = m.requireString("keyset");
            m.rejectUnknownKeys();
            if (spec.startsWith("env:") && ENV_NAME.matcher(spec.substring(4)).matches()) {
                return spec;
            }
            if (spec.startsWith("file:") && spec.length() > 5) {
                return "file:" + resolve(m, "keyset", base, spec.substring(5));
            }
            throw m.error("keyset", "secrets.keyset must be env:NAME or file:path, found '" + YamlMap.quote(spec) + "'");
        });
        EnvSecretResolver env = secrets instanceof EnvSecretResolver e ? e : EnvSecretResolver.system();
        Optional<Keyring> keyring = keyset.map(spec -> root.buildAt("secrets", () -> spec.startsWith("env:")
                ? Keyring.fromEnv(spec.substring(4), env::lookup) : Keyring.fromFile(Path.of(spec.substring(5)))));
        SecretResolver resolver = keyring.<SecretResolver>map(k -> new KeyringSecretResolver(k, env)).orElse(secrets);
        Optional<DbConfig> defaultTenantDb = root.map("defaultTenantDb")
                .map(m -> DbConfigYaml.read(m, resolver, OWNER));
        Optional<DbConfig> globalDb = root.map("globalDb").map(m -> DbConfigYaml.read(m, resolver, OWNER));
        Pools pools = root.map("pools").map(m -> {
            Optional<Integer> maxPools = m.integer("maxPools");
            maxPools.filter(n -> n < 1).ifPresent(n -> {
                throw m.error("maxPools", "pools.maxPools must be at least 1: " + n);
            });
            Optional<Duration> idle = positive(m, "idleTimeout");
            Optional<Duration> health = positive(m, "healthCheckInterval");
            Optional<Integer> maxCached = m.integer("maxCachedTenants");
            maxCached.filter(n -> n < 1 || n > 10_000_000).ifPresent(n -> {
                throw m.error("maxCachedTenants", "pools.maxCachedTenants must be between 1 and 10000000: " + n);
            });
            m.rejectUnknownKeys();
            return new Pools(maxPools.map(OptionalInt::of).orElse(OptionalInt.empty()), idle, health,
                    maxCached.map(OptionalInt::of).orElse(OptionalInt.empty()));
        }).orElse(Pools.UNSET);
        Optional<CacheConfig> cache = root.map("cache").map(m -> CacheConfigYaml.read(m, resolver, OWNER));
        root.rejectUnknownKeys();
        if (cpSource.orElse(ControlPlaneSource.FILES) == ControlPlaneSource.DATABASE && globalDb.isEmpty()) {
            throw root.error("controlPlane", "controlPlane.source is database, but no globalDb is configured");
        }
        return new StoreFile(fsRoot, writer, defaultTenantDb, globalDb, pools, keyset, keyring, cache, cpSource, provider);
    }

    private static String providerName(YamlMap map, String key, String name) {
        if (!PROVIDER_NAME.matcher(name).matches()) {
            throw map.error(key, map.pathOf(key) + " must be a control-plane provider name"
                    + " (a letter, then letters, digits, - and _), found '" + YamlMap.quote(name) + "'");
        }
        return name;
    }

    private static boolean role(YamlMap map, String key, Optional<String> text) {
        return text.map(t -> switch (t) {
            case "writer" -> true;
            case "reader" -> false;
            default -> throw map.error(key, map.pathOf(key) + " must be writer or reader, found '"
                    + YamlMap.quote(t) + "'");
        }).orElse(true);
    }

    private static Optional<Duration> positive(YamlMap m, String key) {
        Optional<Duration> d = m.duration(key);
        d.filter(v -> v.isZero() || v.isNegative()).ifPresent(v -> {
            throw m.error(key, m.pathOf(key) + " must be positive: " + Durations.format(v));
        });
        return d;
    }

    private static Path resolve(YamlMap map, String key, Path base, String text) {
        try {
            return base.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw map.error(key, map.pathOf(key) + " is not a valid path: '" + YamlMap.quote(text) + "'");
        }
    }
}

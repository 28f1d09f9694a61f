package io.tenantstore.core;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import io.tenantstore.CacheConfig;
import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.PasswordHasher;
import io.tenantstore.core.internal.DefaultDataAccessLayer;
import io.tenantstore.core.internal.NamedServices;
import io.tenantstore.core.internal.StoreSettings;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.spi.ControlPlaneProvider;
import io.tenantstore.spi.StoreAdapter;
import org.jspecify.annotations.Nullable;

/**
 * Opens a {@link DataAccessLayer}: from code with {@link #builder()}, or from a store.yaml with
 * {@link #open(Path)}. Thread-safe (static factory); the builder is not.
 */
public final class TenantStore {
    /** Pool budget. Default: 200. */
    public static final int DEFAULT_MAX_POOLS = 200;
    /** Idle time after which a pool no tenant uses is closed. Default: 10 min. */
    public static final Duration DEFAULT_POOL_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** Period of health checks and idle eviction. Default: 30 s. */
    public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(30);
    /** Most tenant accesses kept warm. Default: 10,000. */
    public static final int DEFAULT_MAX_CACHED_TENANTS = DefaultDataAccessLayer.DEFAULT_MAX_CACHED_TENANTS;
    /** The largest bound {@link Builder#maxCachedTenants(int)} accepts. */
    public static final int MAX_CACHED_TENANTS_LIMIT = 10_000_000;

    private TenantStore() {
    }

    /** @return a builder; {@link Builder#fsRoot(Path)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the store described by a store.yaml file (docs/configuration.md); relative paths in it are
     * resolved against the file's directory.
     *
     * @param storeYaml the file
     * @return the open store
     * @throws InvalidInputException when the file is malformed, naming file, line and key
     */
    public static DataAccessLayer open(Path storeYaml) {
        return StoreYamlBinding.builderFor(storeYaml).build();
    }

    /**
     * A builder holding the settings of a store.yaml file, for what the file cannot say: an
     * application's {@code Clock}, {@code MeterRegistry}, executor or password hasher. A setter called
     * on it replaces the file's value. {@code builder(file).build()} is {@link #open(Path)}.
     *
     * @param storeYaml the file; relative paths in it are resolved against its directory
     * @return a builder with the file's settings
     * @throws InvalidInputException when the file is malformed, naming file, line and key
     */
    public static Builder builder(Path storeYaml) {
        return StoreYamlBinding.builderFor(Objects.requireNonNull(storeYaml, "storeYaml"));
    }

    /** Collects and validates a store's settings; each setter rejects a bad value at once. Not thread-safe. */
    public static final class Builder {
        private @Nullable Path fsRoot;
        private String controlPlane = "fs";
        private boolean writer = true;
        private @Nullable DbConfig defaultTenantDb;
        private @Nullable DbConfig globalDb;
        private Clock clock = Clock.systemUTC();
        private Executor executor = ForkJoinPool.commonPool();
        private @Nullable PasswordHasher passwordHasher;
        private int maxPools = DEFAULT_MAX_POOLS;
        private int maxCachedTenants = DEFAULT_MAX_CACHED_TENANTS;
        private Duration poolIdleTimeout = DEFAULT_POOL_IDLE_TIMEOUT;
        private @Nullable Duration healthCheckInterval = DEFAULT_HEALTH_CHECK_INTERVAL;
        private final List<String> migrationLocations = new ArrayList<>();
        private CacheConfig cache = CacheConfig.memory();
        private @Nullable ClassLoader classLoader;
        private @Nullable Keyring keyring;
        private @Nullable Object meterRegistry;
        private @Nullable ControlPlaneSource controlPlaneSource;
        private final List<StoreAdapter> adapterInstances = new ArrayList<>();
        private final List<ControlPlaneProvider> controlPlaneInstances = new ArrayList<>();

        private Builder() {
        }

        /**
         * Chooses the control plane by its provider's name, discovered through
         * {@code META-INF/services/io.tenantstore.spi.ControlPlaneProvider} or given to
         * {@link #controlPlane(ControlPlaneProvider)}; an unknown name fails at {@link #build()}
         * listing the names found.
         *
         * @param name the provider name; Default {@code fs} (the YAML files, or the database with
         *             {@link #controlPlaneSource})
         * @return this
         * @throws InvalidInputException when the name is blank
         */
        public Builder controlPlane(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new InvalidInputException("controlPlane provider name must not be blank");
            }
            this.controlPlane = name.trim();
            return this;
        }

        /**
         * Uses this control-plane provider instance (no ServiceLoader entry needed) and chooses it:
         * it replaces a discovered provider of the same name.
         *
         * @param provider the provider
         * @return this
         */
        public Builder controlPlane(ControlPlaneProvider provider) {
            Objects.requireNonNull(provider, "provider");
            controlPlaneInstances.removeIf(p -> p.name().equalsIgnoreCase(provider.name()));
            controlPlaneInstances.add(provider);
            return controlPlane(provider.name());
        }

        /**
         * Adds a database adapter instance (no ServiceLoader entry needed), chosen like a discovered
         * one by the {@code driver} of a DbConfig; it replaces a discovered adapter that claims one of
         * its names or aliases. Adding two adapters that claim one name fails at {@link #build()}.
         *
         * @param adapter the adapter
         * @return this
         */
        public Builder adapter(StoreAdapter adapter) {
            adapterInstances.add(Objects.requireNonNull(adapter, "adapter"));
            return this;
        }

        /** @param fsRoot control-plane root directory (required) @return this */
        public Builder fsRoot(Path fsRoot) {
            this.fsRoot = Objects.requireNonNull(fsRoot, "fsRoot");
            return this;
        }

        /**
         * @param writer true (Default) for the process that writes the control plane; false opens it
         *               read-only and its writes raise NotLeaderException
         * @return this
         */
        public Builder controlPlaneWriter(boolean writer) {
            this.writer = writer;
            return this;
        }

        /**
         * @param db the database of every tenant whose tenant.yaml names none; with {@code schema}
         *           isolation each tenant gets schema {@code t_<slug>}
         * @return this
         */
        public Builder defaultTenantDb(@Nullable DbConfig db) {
            if (db != null && db.isolation() == Isolation.SCHEMA && db.schema().isPresent()) {
                throw new InvalidInputException("defaultTenantDb must not name a schema (" + db.schema().get()
                        + "): with schema isolation each tenant gets its own, t_<slug> unless its tenant.yaml says");
            }
            this.defaultTenantDb = db;
            return this;
        }

        /**
         * @param db the global database: a copy of the control plane when the files are its source
         *           (Default), or the control plane itself with {@link #controlPlaneSource} {@code DATABASE}
         * @return this
         */
        public Builder globalDb(@Nullable DbConfig db) {
            this.globalDb = db;
            return this;
        }

        /**
         * @param source where the control plane is kept: {@code FILES} under {@code fsRoot} (Default;
         *               copied to the globalDb when one is set) or {@code DATABASE}, the globalDb
         *               (needs one; {@code fsRoot} is then optional)
         * @return this
         */
        public Builder controlPlaneSource(ControlPlaneSource source) {
            this.controlPlaneSource = Objects.requireNonNull(source, "controlPlaneSource");
            return this;
        }

        /** @param clock time source for every component; Default: system UTC @return this */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @param executor runs background work; Default: the common fork-join pool @return this */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** @param hasher hashes and checks user passwords; Default: Argon2id @return this */
        public Builder passwordHasher(PasswordHasher hasher) {
            this.passwordHasher = Objects.requireNonNull(hasher, "passwordHasher");
            return this;
        }

        /** @param maxPools most pools open at once, 1 to 10,000; Default: 200 @return this */
        public Builder maxPools(int maxPools) {
            if (maxPools < 1 || maxPools > 10_000) {
                throw new InvalidInputException("maxPools must be between 1 and 10000: " + maxPools);
            }
            this.maxPools = maxPools;
            return this;
        }

        /**
         * @param maxCachedTenants most tenant accesses kept warm (resolved tenant, bound repositories),
         *                         1 to 10,000,000; past it the least recently used sixteenth is
         *                         dropped and re-resolved at its next use; Default: 10,000
         * @return this
         */
        public Builder maxCachedTenants(int maxCachedTenants) {
            if (maxCachedTenants < 1 || maxCachedTenants > MAX_CACHED_TENANTS_LIMIT) {
                throw new InvalidInputException("maxCachedTenants must be between 1 and 10000000: " + maxCachedTenants);
            }
            this.maxCachedTenants = maxCachedTenants;
            return this;
        }

        /** @param timeout idle time before an unused tenant and an unheld pool are dropped; Default: 10 min @return this */
        public Builder poolIdleTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new InvalidInputException("poolIdleTimeout must be positive: " + timeout);
            }
            this.poolIdleTimeout = timeout;
            return this;
        }

        /**
         * @param interval period of health checks and idle eviction, at least 1 s; Default: 30 s
         * @return this
         */
        public Builder healthCheckInterval(Duration interval) {
            if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new InvalidInputException("healthCheckInterval must be at least 1s: " + interval);
            }
            this.healthCheckInterval = interval;
            return this;
        }

        /**
         * Turns off the background maintenance thread; the application (or a test) then runs
         * maintenance itself. Health checks and idle eviction do not happen otherwise.
         *
         * @return this
         */
        public Builder noBackgroundMaintenance() {
            this.healthCheckInterval = null;
            return this;
        }

        /**
         * @param location an application migration location (e.g. {@code classpath:db/app}), applied
         *                 per tenant target after TenantStore's own
         * @return this
         */
        public Builder addMigrationLocation(String location) {
            if (location == null || location.isBlank()) {
                throw new InvalidInputException("migration location must not be blank: " + location);
            }
            migrationLocations.add(location);
            return this;
        }

        /**
         * @param maxEntries most in-memory cache entries across tenants; Default: 100,000
         * @return this
         * @throws InvalidInputException when not positive, or when another cache than memory is configured
         */
        public Builder cacheMaxEntries(long maxEntries) {
            if (maxEntries < 1) {
                throw new InvalidInputException("cacheMaxEntries must be positive: " + maxEntries);
            }
            if (!cache.driver().equals(CacheConfig.MEMORY)) {
                throw new InvalidInputException("cacheMaxEntries applies to the memory cache, but cache driver "
                        + cache.driver() + " is configured");
            }
            this.cache = CacheConfig.builder(CacheConfig.MEMORY).maxEntries(maxEntries).build();
            return this;
        }

        /**
         * Chooses the tenant cache by name, like a database adapter: {@code memory} (Default, this
         * process only) or {@code redis} (with tenantstore-redis on the classpath; atomic across
         * processes). An unknown name fails in {@link #build()}, listing the caches found.
         *
         * @param cache the cache settings, e.g. {@code CacheConfig.of("redis", "redis://127.0.0.1:6379/0")}
         * @return this
         */
        public Builder cache(CacheConfig cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /**
         * @param keyring decrypts {@code enc:} values in the control plane's YAML and encrypts
         *                secrets written there; needed only when the YAML holds encrypted values
         * @return this
         */
        public Builder secrets(Keyring keyring) {
            this.keyring = Objects.requireNonNull(keyring, "keyring");
            return this;
        }

        /**
         * @param registry a Micrometer {@code MeterRegistry} (typed {@code Object} so Micrometer
         *                 stays optional): gauges of pools, cached tenants, connections and open
         *                 breakers, counters of evictions, all named {@code tenantstore.*}
         * @return this
         * @throws InvalidInputException when it is not a MeterRegistry
         */
        public Builder meterRegistry(Object registry) {
            this.meterRegistry = io.tenantstore.core.internal.OptionalMicrometer.requireRegistry(
                    Objects.requireNonNull(registry, "registry"));
            return this;
        }

        /** @param loader where adapters are discovered; Default: this class's loader @return this */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "classLoader");
            return this;
        }

        /**
         * Opens the store: discovers adapters, checks the configured ones exist, opens the
         * control plane.
         *
         * @return the open store
         * @throws InvalidInputException when fsRoot is missing
         * @throws io.tenantstore.StoreException with code CONFIGURATION for an unknown or duplicate adapter or cache
         */
        public DataAccessLayer build() {
            ControlPlaneSource source = controlPlaneSource != null ? controlPlaneSource : ControlPlaneSource.FILES;
            if (source == ControlPlaneSource.DATABASE && globalDb == null) {
                throw new InvalidInputException("controlPlane source database needs a globalDb: the database that holds"
                        + " tenants, clients and scopes");
            }
            if (fsRoot == null && source == ControlPlaneSource.FILES) {
                throw new InvalidInputException("fsRoot is required: the control-plane directory (tenants, clients, scopes)");
            }
            // Without files, relative SQLite paths are anchored to the working directory.
            Path root = fsRoot != null ? fsRoot : Path.of("").toAbsolutePath();
            ClassLoader cl = classLoader != null ? classLoader : TenantStore.class.getClassLoader();
            StoreSettings settings = new StoreSettings(root, controlPlane, writer, defaultTenantDb, globalDb, clock,
                    executor, passwordHasher != null ? passwordHasher : Argon2idPasswordHasher.defaults(), maxPools,
                    poolIdleTimeout, healthCheckInterval, migrationLocations, cache, cl, keyring, meterRegistry, source);
            return new DefaultDataAccessLayer(settings,
                    NamedServices.adapters(cl).with(adapterInstances, StoreAdapter::name, StoreAdapter::aliases),
                    NamedServices.controlPlanes(cl).with(controlPlaneInstances, ControlPlaneProvider::name, p -> Set.of()),
                    maxCachedTenants);
        }
    }
}

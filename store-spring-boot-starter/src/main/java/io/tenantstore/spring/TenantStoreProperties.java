package io.tenantstore.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.Isolation;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code tenantstore.*} properties. {@link #getStoreFile() store-file} (a store.yaml),
 * {@link #getFsRoot() fs-root} (with the database settings here) or
 * {@link #getControlPlaneSource() control-plane-source} {@code database} (with global-db) opens the
 * store; giving none leaves the auto-configuration off. Mutable JavaBean bound by Spring; not thread-safe.
 */
@ConfigurationProperties(prefix = "tenantstore")
public class TenantStoreProperties {
    /**
     * Path of a store.yaml (its relative paths resolve against its directory). Excludes fs-root,
     * default-tenant-db and global-db.
     */
    private @Nullable Path storeFile;

    /** Control-plane directory: tenants, clients and scopes as YAML files. */
    private @Nullable Path fsRoot;

    /** Whether this process writes the control plane; false opens it read-only. */
    private boolean controlPlaneWriter = true;

    /** Database of every tenant whose tenant.yaml names none. */
    private final Db defaultTenantDb = new Db();

    /** Global database: the control-plane mirror, or the control plane itself with control-plane-source database. */
    private final Db globalDb = new Db();

    /**
     * Where the control plane is kept: files (under fs-root, mirrored to global-db when one is set)
     * or database (global-db alone; no fs-root needed, many instances share it).
     */
    private ControlPlaneSource controlPlaneSource = ControlPlaneSource.FILES;

    /** Pool budget, idle eviction and health checks. */
    private final Pools pools = new Pools();

    /** Application migration locations (e.g. classpath:db/app), applied per tenant after TenantStore's own. */
    private List<String> migrationLocations = new ArrayList<>();

    /** Tenant resolution for web requests. */
    private final Web web = new Web();

    /** @return the store.yaml path, if set */
    public @Nullable Path getStoreFile() {
        return storeFile;
    }

    /** @param storeFile the store.yaml path */
    public void setStoreFile(@Nullable Path storeFile) {
        this.storeFile = storeFile;
    }

    /** @return the control-plane directory, if set */
    public @Nullable Path getFsRoot() {
        return fsRoot;
    }

    /** @param fsRoot the control-plane directory */
    public void setFsRoot(@Nullable Path fsRoot) {
        this.fsRoot = fsRoot;
    }

    /** @return whether this process writes the control plane */
    public boolean isControlPlaneWriter() {
        return controlPlaneWriter;
    }

    /** @param controlPlaneWriter whether this process writes the control plane */
    public void setControlPlaneWriter(boolean controlPlaneWriter) {
        this.controlPlaneWriter = controlPlaneWriter;
    }

    /** @return where the control plane is kept */
    public ControlPlaneSource getControlPlaneSource() {
        return controlPlaneSource;
    }

    /** @param controlPlaneSource where the control plane is kept */
    public void setControlPlaneSource(ControlPlaneSource controlPlaneSource) {
        this.controlPlaneSource = controlPlaneSource;
    }

    /** @return the default tenant database settings */
    public Db getDefaultTenantDb() {
        return defaultTenantDb;
    }

    /** @return the global database settings */
    public Db getGlobalDb() {
        return globalDb;
    }

    /** @return the pool settings */
    public Pools getPools() {
        return pools;
    }

    /** @return the application migration locations */
    public List<String> getMigrationLocations() {
        return migrationLocations;
    }

    /** @param migrationLocations the application migration locations */
    public void setMigrationLocations(List<String> migrationLocations) {
        this.migrationLocations = migrationLocations;
    }

    /** @return the web settings */
    public Web getWeb() {
        return web;
    }

    /** A database: adapter, URL, isolation, login and pool. Not thread-safe. */
    public static class Db {
        /** Adapter name: postgres, mysql, mongodb... */
        private @Nullable String driver;

        /** Connection URL; must not hold a password. */
        private @Nullable String url;

        /** Where a tenant's rows live: database, schema or shared. */
        private Isolation isolation = Isolation.SHARED;

        /** Login user. */
        private @Nullable String username;

        /** Login password (use a placeholder such as ${DB_PASSWORD}, not a literal). */
        private @Nullable String password;

        /** Most connections of a pool. */
        private int maxPoolSize = io.tenantstore.PoolSettings.DEFAULT_MAX_SIZE;

        /** Idle connections kept open. */
        private int minIdle = io.tenantstore.PoolSettings.DEFAULT_MIN_IDLE;

        /** Longest wait for a connection, at least 250ms. */
        private Duration connectionTimeout = io.tenantstore.PoolSettings.DEFAULT_CONNECTION_TIMEOUT;

        /** @return the adapter name */
        public @Nullable String getDriver() {
            return driver;
        }

        /** @param driver the adapter name */
        public void setDriver(@Nullable String driver) {
            this.driver = driver;
        }

        /** @return the URL */
        public @Nullable String getUrl() {
            return url;
        }

        /** @param url the URL */
        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        /** @return the isolation */
        public Isolation getIsolation() {
            return isolation;
        }

        /** @param isolation the isolation */
        public void setIsolation(Isolation isolation) {
            this.isolation = isolation;
        }

        /** @return the login user */
        public @Nullable String getUsername() {
            return username;
        }

        /** @param username the login user */
        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        /** @return the password */
        public @Nullable String getPassword() {
            return password;
        }

        /** @param password the password */
        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        /** @return most connections of a pool */
        public int getMaxPoolSize() {
            return maxPoolSize;
        }

        /** @param maxPoolSize most connections of a pool */
        public void setMaxPoolSize(int maxPoolSize) {
            this.maxPoolSize = maxPoolSize;
        }

        /** @return idle connections kept */
        public int getMinIdle() {
            return minIdle;
        }

        /** @param minIdle idle connections kept */
        public void setMinIdle(int minIdle) {
            this.minIdle = minIdle;
        }

        /** @return longest wait for a connection */
        public Duration getConnectionTimeout() {
            return connectionTimeout;
        }

        /** @param connectionTimeout longest wait for a connection */
        public void setConnectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
        }

        /** @return a description without the password */
        @Override
        public String toString() {
            return "Db[driver=" + driver + ", url=" + url + ", isolation=" + isolation + ", username=" + username
                    + (password == null ? "" : ", password=****") + "]";
        }
    }

    /** Pool budget and maintenance. Not thread-safe. */
    public static class Pools {
        /** Most pools open at once (1 to 10000); unset: 200. */
        private @Nullable Integer maxPools;

        /** Idle time before an unused tenant and an unheld pool are dropped; unset: 10m. */
        private @Nullable Duration idleTimeout;

        /** Period of health checks and idle eviction, at least 1s; unset: 30s. */
        private @Nullable Duration healthCheckInterval;

        /** Most tenant accesses kept warm (1 to 10000000); unset: 10000. */
        private @Nullable Integer maxCachedTenants;

        /** @return the bound on warm tenant accesses, if set */
        public @Nullable Integer getMaxCachedTenants() {
            return maxCachedTenants;
        }

        /** @param maxCachedTenants the bound on warm tenant accesses */
        public void setMaxCachedTenants(@Nullable Integer maxCachedTenants) {
            this.maxCachedTenants = maxCachedTenants;
        }

        /** @return the pool budget, if set */
        public @Nullable Integer getMaxPools() {
            return maxPools;
        }

        /** @param maxPools the pool budget */
        public void setMaxPools(@Nullable Integer maxPools) {
            this.maxPools = maxPools;
        }

        /** @return the idle timeout, if set */
        public @Nullable Duration getIdleTimeout() {
            return idleTimeout;
        }

        /** @param idleTimeout the idle timeout */
        public void setIdleTimeout(@Nullable Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        /** @return the health check interval, if set */
        public @Nullable Duration getHealthCheckInterval() {
            return healthCheckInterval;
        }

        /** @param healthCheckInterval the health check interval */
        public void setHealthCheckInterval(@Nullable Duration healthCheckInterval) {
            this.healthCheckInterval = healthCheckInterval;
        }
    }

    /** Which tenant a web request is for. Not thread-safe. */
    public static class Web {
        /** How the tenant is read from a request: header, subdomain, path or jwt-claim; unset: no tenant filter. */
        private @Nullable ResolverKind resolver;

        /** Header carrying the tenant slug (resolver: header). */
        private String header = "X-Tenant";

        /** Domain under which each tenant has a subdomain, e.g. example.com (resolver: subdomain). */
        private @Nullable String baseDomain;

        /** Zero-based path segment holding the tenant slug, e.g. 1 for /t/acme/users (resolver: path). */
        private int pathSegment;

        /** JWT claim holding the tenant slug (resolver: jwt-claim). */
        private String claim = "tenant";

        /**
         * Request attribute holding the verified JWT claims as a Map (resolver: jwt-claim); the
         * claims of a Spring Security JWT principal are used when the attribute is absent.
         */
        private String claimsAttribute = "io.tenantstore.spring.jwt-claims";

        /** Path patterns the tenant filter applies to. */
        private List<String> includePaths = new ArrayList<>(List.of("/**"));

        /** Path patterns the tenant filter skips. */
        private List<String> excludePaths = new ArrayList<>(List.of("/actuator/**", "/error"));

        /** @return the resolver kind, if set */
        public @Nullable ResolverKind getResolver() {
            return resolver;
        }

        /** @param resolver the resolver kind */
        public void setResolver(@Nullable ResolverKind resolver) {
            this.resolver = resolver;
        }

        /** @return the header name */
        public String getHeader() {
            return header;
        }

        /** @param header the header name */
        public void setHeader(String header) {
            this.header = header;
        }

        /** @return the base domain, if set */
        public @Nullable String getBaseDomain() {
            return baseDomain;
        }

        /** @param baseDomain the base domain */
        public void setBaseDomain(@Nullable String baseDomain) {
            this.baseDomain = baseDomain;
        }

        /** @return the path segment index */
        public int getPathSegment() {
            return pathSegment;
        }

        /** @param pathSegment the path segment index */
        public void setPathSegment(int pathSegment) {
            this.pathSegment = pathSegment;
        }

        /** @return the claim name */
        public String getClaim() {
            return claim;
        }

        /** @param claim the claim name */
        public void setClaim(String claim) {
            this.claim = claim;
        }

        /** @return the claims attribute name */
        public String getClaimsAttribute() {
            return claimsAttribute;
        }

        /** @param claimsAttribute the claims attribute name */
        public void setClaimsAttribute(String claimsAttribute) {
            this.claimsAttribute = claimsAttribute;
        }

        /** @return the included path patterns */
        public List<String> getIncludePaths() {
            return includePaths;
        }

        /** @param includePaths the included path patterns */
        public void setIncludePaths(List<String> includePaths) {
            this.includePaths = includePaths;
        }

        /** @return the excluded path patterns */
        public List<String> getExcludePaths() {
            return excludePaths;
        }

        /** @param excludePaths the excluded path patterns */
        public void setExcludePaths(List<String> excludePaths) {
            this.excludePaths = excludePaths;
        }
    }

    /** The built-in ways of reading a tenant from a request. */
    public enum ResolverKind {
        /** A request header ({@code tenantstore.web.header}). */
        HEADER,
        /** The first label of the host under {@code tenantstore.web.base-domain}. */
        SUBDOMAIN,
        /** A path segment ({@code tenantstore.web.path-segment}). */
        PATH,
        /** A claim of the request's already verified JWT ({@code tenantstore.web.claim}). */
        JWT_CLAIM
    }
}

package io.tenantstore;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Which tenant cache a store uses: the cache implementation ({@link #driver()}, {@code memory} by
 * default, {@code redis} with tenantstore-redis on the classpath), its URL, login and limits.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the password; a URL carrying a
 * password ({@code redis://user:pw@host}, {@code ?password=}) is rejected without being quoted,
 * so a password can only travel in {@link #password()}.
 */
public final class CacheConfig {
    /** The in-process cache's name. */
    public static final String MEMORY = "memory";
    /** Prefix of every key the store writes to a shared cache server. Default: {@code tenantstore}. */
    public static final String DEFAULT_KEY_PREFIX = "tenantstore";
    /** Time a cache server has to answer one call (and to accept a connection). Default: 2 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Connections to a cache server, shared by all tenants. Default: 16. */
    public static final int DEFAULT_POOL_SIZE = 16;
    /** Entries the in-memory cache keeps across tenants. Default: 100,000. */
    public static final long DEFAULT_MAX_ENTRIES = 100_000;

    private static final Pattern DRIVER = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern URL_PASSWORD =
            Pattern.compile("(?i)([?&;][^=&;?]*(password|passwd|pwd|secret)[^=&;?]*=)|(://[^/@?]*:[^/@?]*@)");

    private final String driver;
    private final @Nullable String url;
    private final @Nullable String username;
    private final @Nullable Secret password;
    private final String keyPrefix;
    private final Duration timeout;
    private final int poolSize;
    private final long maxEntries;

    private CacheConfig(Builder b) {
        this.driver = b.driver;
        this.url = b.url;
        this.username = b.username;
        this.password = b.password;
        this.keyPrefix = b.keyPrefix;
        this.timeout = b.timeout;
        this.poolSize = b.poolSize;
        this.maxEntries = b.maxEntries;
    }

    /** @return the in-memory cache with default limits (the default of every store) */
    public static CacheConfig memory() {
        return builder(MEMORY).build();
    }

    /**
     * @param driver cache name, e.g. {@code redis}
     * @param url    server URL, e.g. {@code redis://127.0.0.1:6379/0}
     * @return the config with default limits
     */
    public static CacheConfig of(String driver, String url) {
        return builder(driver).url(url).build();
    }

    /** @param driver cache name, e.g. {@code memory} or {@code redis} @return a builder with the defaults */
    public static Builder builder(String driver) {
        return new Builder(driver);
    }

    /** @return the cache implementation's name */
    public String driver() {
        return driver;
    }

    /** @return the server URL (never holds a password), when the cache has a server */
    public Optional<String> url() {
        return Optional.ofNullable(url);
    }

    /** @return the login user, when set */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** @return the login password, when set */
    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    /** @return the prefix of every key on a shared server, before the tenant id */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** @return how long one call (or a connection attempt) may take */
    public Duration timeout() {
        return timeout;
    }

    /** @return connections to the server, shared by all tenants */
    public int poolSize() {
        return poolSize;
    }

    /** @return most entries the in-memory cache keeps */
    public long maxEntries() {
        return maxEntries;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheConfig c && driver.equals(c.driver) && Objects.equals(url, c.url)
                && Objects.equals(username, c.username) && Objects.equals(password, c.password)
                && keyPrefix.equals(c.keyPrefix) && timeout.equals(c.timeout) && poolSize == c.poolSize
                && maxEntries == c.maxEntries;
    }

    @Override
    public int hashCode() {
        return Objects.hash(driver, url, username, keyPrefix, timeout, poolSize, maxEntries);
    }

    /** @return a description without the password */
    @Override
    public String toString() {
        return "CacheConfig[driver=" + driver + (url == null ? "" : ", url=" + url)
                + (username == null ? "" : ", username=" + username)
                + (password == null ? "" : ", password=****") + ", keyPrefix=" + keyPrefix
                + ", timeout=" + timeout + ", poolSize=" + poolSize + ", maxEntries=" + maxEntries + "]";
    }

    /** Builds a {@link CacheConfig}; each setter validates its value and quotes it when rejected. Not thread-safe. */
    public static final class Builder {
        private final String driver;
        private @Nullable String url;
        private @Nullable String username;
        private @Nullable Secret password;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int poolSize = DEFAULT_POOL_SIZE;
        private long maxEntries = DEFAULT_MAX_ENTRIES;

        private Builder(String driver) {
            if (driver == null || !DRIVER.matcher(driver).matches()) {
                throw new InvalidInputException("cache driver must be a name like 'memory' or 'redis': '" + driver + "'");
            }
            this.driver = driver;
        }

        /** @param url the server URL, without a password @return this */
        public Builder url(@Nullable String url) {
            if (url != null) {
                if (url.isBlank()) {
                    throw new InvalidInputException("cache url must not be blank (driver " + driver + ")");
                }
                if (URL_PASSWORD.matcher(url).find()) {
                    // Quoting the URL here would leak the password we refuse.
                    throw new InvalidInputException("cache url for driver " + driver
                            + " must not contain a password; use the password setting (${ENV} or enc:)");
                }
            }
            this.url = url;
            return this;
        }

        /** @param username login user (Redis ACL), or {@code null} @return this */
        public Builder username(@Nullable String username) {
            if (username != null && username.isBlank()) {
                throw new InvalidInputException("cache username must not be blank");
            }
            this.username = username;
            return this;
        }

        /** @param password login password, or {@code null} @return this */
        public Builder password(@Nullable Secret password) {
            this.password = password;
            return this;
        }

        /**
         * @param keyPrefix prefix of every key on a shared server, 1 to 64 of {@code A-Z a-z 0-9 _ . -};
         *                  two stores sharing a server and a prefix share their tenants' entries;
         *                  Default: {@code tenantstore}
         * @return this
         */
        public Builder keyPrefix(String keyPrefix) {
            if (keyPrefix == null || !KEY_PREFIX.matcher(keyPrefix).matches()) {
                throw new InvalidInputException("cache keyPrefix must be 1 to 64 of A-Z a-z 0-9 _ . -: '"
                        + keyPrefix + "'");
            }
            this.keyPrefix = keyPrefix;
            return this;
        }

        /** @param timeout per call and per connection attempt, 1 ms to 60 s; Default: 2 s @return this */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.toMillis() < 1 || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new InvalidInputException("cache timeout must be between 1ms and 60s: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** @param poolSize connections to the server, 1 to 1024; Default: 16 @return this */
        public Builder poolSize(int poolSize) {
            if (poolSize < 1 || poolSize > 1024) {
                throw new InvalidInputException("cache poolSize must be between 1 and 1024: " + poolSize);
            }
            this.poolSize = poolSize;
            return this;
        }

        /** @param maxEntries most in-memory entries across tenants; Default: 100,000 @return this */
        public Builder maxEntries(long maxEntries) {
            if (maxEntries < 1) {
                throw new InvalidInputException("cache maxEntries must be positive: " + maxEntries);
            }
            this.maxEntries = maxEntries;
            return this;
        }

        /** @return the config */
        public CacheConfig build() {
            return new CacheConfig(this);
        }
    }
}

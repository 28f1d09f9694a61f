package io.tenantstore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Where a tenant's data lives: the adapter ({@link #driver()}), its URL, the {@link Isolation},
 * the schema for {@code schema} isolation, the login and the pool settings.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the password; URLs that carry a
 * {@code password=} parameter or {@code user:password@} are rejected, so a password can only
 * travel in {@link #password()}.
 */
public final class DbConfig {
    private static final Pattern DRIVER = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /** A schema name every engine can take unquoted-safe: lower-case letters, digits, '_'; at most 63. */
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** Schemas (MySQL: databases) of the server itself, never a tenant's. */
    private static final java.util.Set<String> RESERVED_SCHEMAS =
            java.util.Set.of("public", "information_schema", "mysql", "sys", "performance_schema");
    private static final Pattern URL_PASSWORD =
            Pattern.compile("(?i)([?&;(,][^=&;?]*(password|passwd|pwd|secret)[^=&;?]*=)|(://[^/@?]*:[^/@?]*@)");

    /** The most spare schemas a data source may keep: {@value}. */
    public static final int MAX_SPARE_SCHEMAS = 32;
    /**
     * Schema names starting with this are spare schemas ({@link #spareSchemas()}), never a tenant's:
     * {@value}.
     */
    public static final String SPARE_SCHEMA_PREFIX = "ts_spare_";

    private final String driver;
    private final String url;
    private final Isolation isolation;
    private final @Nullable String schema;
    private final @Nullable String username;
    private final @Nullable Secret password;
    private final @Nullable CredentialSpec credentials;
    private final PoolSettings pool;
    private final Map<String, String> properties;
    private final @Nullable OwnerLogin owner;
    private final MigrationMode migrate;
    private final RowSecurityMode rowSecurity;
    private final int spareSchemas;

    private DbConfig(Builder b) {
        this.driver = b.driver;
        this.url = b.url;
        this.isolation = b.isolation;
        this.schema = b.schema;
        this.username = b.username;
        this.password = b.password;
        this.credentials = b.credentials;
        this.pool = b.pool;
        this.properties = Map.copyOf(b.properties);
        this.owner = b.owner;
        this.migrate = b.migrate;
        this.rowSecurity = b.rowSecurity;
        this.spareSchemas = b.spareSchemas;
        if (password != null && credentials != null) {
            throw new InvalidInputException("driver " + driver + " at " + url
                    + ": give either a password or a credentials source, not both");
        }
    }

    /**
     * A config with {@link Isolation#SHARED} isolation, no login and default pool settings.
     *
     * @param driver adapter name, e.g. {@code postgres}
     * @param url    connection URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/app}
     * @return the config
     */
    public static DbConfig of(String driver, String url) {
        return builder(driver, url).build();
    }

    /**
     * @param driver adapter name, e.g. {@code postgres}
     * @param url    connection URL
     * @return a builder with {@link Isolation#SHARED} isolation and default pool settings
     */
    public static Builder builder(String driver, String url) {
        return new Builder(driver, url);
    }

    /** @return a builder starting from this config */
    public Builder toBuilder() {
        return toBuilder(driver, url);
    }

    /**
     * @param driver the adapter name of the copy
     * @param url    its connection URL, checked as {@link #builder} checks one
     * @return a builder holding everything of this config but its driver and URL
     */
    public Builder toBuilder(String driver, String url) {
        Builder b = new Builder(driver, url).isolation(isolation).pool(pool);
        b.schema = schema;
        b.username = username;
        b.password = password;
        b.credentials = credentials;
        b.properties.putAll(properties);
        b.owner = owner;
        b.migrate = migrate;
        b.rowSecurity = rowSecurity;
        b.spareSchemas = spareSchemas;
        return b;
    }

    /** @return the adapter name */
    public String driver() {
        return driver;
    }

    /** @return the connection URL (never holds a password) */
    public String url() {
        return url;
    }

    /** @return where the tenant's rows live on this server */
    public Isolation isolation() {
        return isolation;
    }

    /** @return the schema for {@link Isolation#SCHEMA}, when set explicitly */
    public Optional<String> schema() {
        return Optional.ofNullable(schema);
    }

    /** @return the login user, when set */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** @return the login password, when set */
    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    /**
     * @return where short-lived passwords come from (static, environment, file or command, with
     *         the refresh policy), when the database uses rotating credentials instead of
     *         {@link #password()}
     */
    public Optional<CredentialSpec> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** @return the pool settings */
    public PoolSettings pool() {
        return pool;
    }

    /** @return extra driver properties (never secrets), unmodifiable */
    public Map<String, String> properties() {
        return properties;
    }

    /**
     * @return the login that owns the tables and runs the migrations, when it differs from the
     *         runtime login ({@link #username()}); then the runtime login needs data rights only
     */
    public Optional<OwnerLogin> owner() {
        return Optional.ofNullable(owner);
    }

    /** @return what happens to the schema when the data source is first used; Default: on-connect */
    public MigrationMode migrate() {
        return migrate;
    }

    /** @return whether row-level security must hold against the runtime login; Default: enforced */
    public RowSecurityMode rowSecurity() {
        return rowSecurity;
    }

    /**
     * @return how many empty, fully migrated schemas a PostgreSQL data source with {@code schema}
     *         isolation keeps ready for tenants not created yet (a new tenant takes one by renaming
     *         it); Default: 0 (off)
     */
    public int spareSchemas() {
        return spareSchemas;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DbConfig d && driver.equals(d.driver) && url.equals(d.url)
                && isolation == d.isolation && Objects.equals(schema, d.schema)
                && Objects.equals(username, d.username) && Objects.equals(password, d.password)
                && Objects.equals(credentials, d.credentials) && pool.equals(d.pool) && properties.equals(d.properties)
                && Objects.equals(owner, d.owner) && migrate == d.migrate && rowSecurity == d.rowSecurity
                && spareSchemas == d.spareSchemas;
    }

    @Override
    public int hashCode() {
        return Objects.hash(driver, url, isolation, schema, username, pool, properties);
    }

    /** @return a description without the password */
    @Override
    public String toString() {
        return "DbConfig[driver=" + driver + ", url=" + url + ", isolation=" + isolation.yamlName()
                + (schema == null ? "" : ", schema=" + schema)
                + (username == null ? "" : ", username=" + username)
                + (password == null ? "" : ", password=****")
                + (credentials == null ? "" : ", credentials=" + credentials.source().kind())
                + (owner == null ? "" : ", owner=" + owner.username())
                + (migrate == MigrationMode.ON_CONNECT ? "" : ", migrate=" + migrate.yamlName())
                + (rowSecurity == RowSecurityMode.ENFORCED ? "" : ", rowSecurity=" + rowSecurity.yamlName())
                + (spareSchemas == 0 ? "" : ", spareSchemas=" + spareSchemas)
                + ", pool=" + pool + "]";
    }

    /** Builds a {@link DbConfig}; each setter validates its value. Not thread-safe. */
    public static final class Builder {
        private final String driver;
        private final String url;
        private Isolation isolation = Isolation.SHARED;
        private @Nullable String schema;
        private @Nullable String username;
        private @Nullable Secret password;
        private @Nullable CredentialSpec credentials;
        private PoolSettings pool = PoolSettings.DEFAULTS;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private @Nullable OwnerLogin owner;
        private MigrationMode migrate = MigrationMode.ON_CONNECT;
        private RowSecurityMode rowSecurity = RowSecurityMode.ENFORCED;
        private int spareSchemas;

        /** @return {@code text} with its {@code %XX} escapes decoded, again until none is left (at most 3 rounds) */
        private static String percentDecoded(String text) {
            String current = text;
            for (int round = 0; round < 3 && current.indexOf('%') >= 0; round++) {
                StringBuilder b = new StringBuilder(current.length());
                for (int i = 0; i < current.length(); i++) {
                    char c = current.charAt(i);
                    int hi = i + 2 < current.length() ? Character.digit(current.charAt(i + 1), 16) : -1;
                    int lo = hi >= 0 ? Character.digit(current.charAt(i + 2), 16) : -1;
                    if (c == '%' && lo >= 0) {
                        b.append((char) (hi * 16 + lo));
                        i += 2;
                    } else {
                        b.append(c);
                    }
                }
                String next = b.toString();
                if (next.equals(current)) {
                    break;
                }
                current = next;
            }
            return current;
        }

        private Builder(String driver, String url) {
            Objects.requireNonNull(driver, "driver");
            Objects.requireNonNull(url, "url");
            if (!DRIVER.matcher(driver).matches()) {
                throw new InvalidInputException("driver must be an adapter name like 'postgres': '" + driver + "'");
            }
            if (url.isBlank()) {
                throw new InvalidInputException("url must not be blank (driver " + driver + ")");
            }
            if (URL_PASSWORD.matcher(url).find() || URL_PASSWORD.matcher(percentDecoded(url)).find()) {
                // decoded too: drivers decode parameter names (MySQL reads pass%77ord as password)
                // Quoting the URL here would leak the password we refuse.
                throw new InvalidInputException("url for driver " + driver
                        + " must not contain a password; use the password or credentials setting");
            }
            this.driver = driver;
            this.url = url;
        }

        /** @param isolation where rows live; Default: shared @return this */
        public Builder isolation(Isolation isolation) {
            this.isolation = Objects.requireNonNull(isolation, "isolation");
            return this;
        }

        /**
         * @param schema the schema for {@code schema} isolation: lower-case letters, digits and
         *               {@code _}, starting with a letter or {@code _}, at most 63 characters, and
         *               not a server schema ({@code public}, {@code information_schema},
         *               {@code mysql}, {@code sys}, {@code performance_schema}, {@code pg_*}), nor
         *               starting with {@value #SPARE_SCHEMA_PREFIX}
         * @return this
         * @throws InvalidInputException quoting the name when it breaks these rules
         */
        public Builder schema(@Nullable String schema) {
            if (schema != null) {
                checkSchema(schema);
            }
            this.schema = schema;
            return this;
        }

        private static void checkSchema(String schema) {
            if (!SCHEMA.matcher(schema).matches()) {
                throw new InvalidInputException("invalid schema name '" + schema.replace("'", "''")
                        + "': expected lower-case letters, digits and '_', starting with a letter or '_',"
                        + " at most 63 characters");
            }
            if (RESERVED_SCHEMAS.contains(schema) || schema.startsWith("pg_")) {
                throw new InvalidInputException("invalid schema name '" + schema + "': reserved by the database"
                        + " (a tenant schema must be its own, never public or a system schema)");
            }
            if (schema.startsWith(SPARE_SCHEMA_PREFIX)) {
                throw new InvalidInputException("invalid schema name '" + schema + "': names starting with '"
                        + SPARE_SCHEMA_PREFIX + "' are reserved for spare schemas");
            }
        }

        /** @param username login user, or {@code null} @return this */
        public Builder username(@Nullable String username) {
            if (username != null && username.isBlank()) {
                throw new InvalidInputException("username must not be blank");
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
         * @param credentials a source of short-lived passwords, refreshed ahead of expiry; excludes
         *                    {@link #password(Secret)}
         * @return this
         */
        public Builder credentials(@Nullable CredentialSpec credentials) {
            this.credentials = credentials;
            return this;
        }

        /** @param pool pool settings @return this */
        public Builder pool(PoolSettings pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /**
         * @param name  driver property name; {@code password} is refused
         * @param value its value
         * @return this
         */
        public Builder property(String name, String value) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("password") || lower.contains("passwd") || lower.contains("pwd")
                    || lower.contains("secret")) {
                throw new InvalidInputException("driver property '" + name + "' looks like a password; use password()");
            }
            properties.put(name, value);
            return this;
        }

        /**
         * @param owner the login that owns the tables and runs the migrations, or {@code null}
         *              to use the runtime login for both
         * @return this
         */
        public Builder owner(@Nullable OwnerLogin owner) {
            this.owner = owner;
            return this;
        }

        /** @param migrate what to do with the schema on first use; Default: on-connect @return this */
        public Builder migrate(MigrationMode migrate) {
            this.migrate = Objects.requireNonNull(migrate, "migrate");
            return this;
        }

        /**
         * @param rowSecurity {@code advisory} accepts a runtime login that bypasses row-level
         *                    security; Default: enforced
         * @return this
         */
        public Builder rowSecurity(RowSecurityMode rowSecurity) {
            this.rowSecurity = Objects.requireNonNull(rowSecurity, "rowSecurity");
            return this;
        }

        /**
         * @param spareSchemas how many spare schemas to keep ready, 0 to {@value #MAX_SPARE_SCHEMAS}
         *                     (PostgreSQL, {@code schema} isolation, {@code migrate: on-connect});
         *                     Default: 0 (off)
         * @return this
         * @throws InvalidInputException quoting the value when it is out of range
         */
        public Builder spareSchemas(int spareSchemas) {
            if (spareSchemas < 0 || spareSchemas > MAX_SPARE_SCHEMAS) {
                throw new InvalidInputException("spareSchemas must be between 0 and " + MAX_SPARE_SCHEMAS + ": "
                        + spareSchemas);
            }
            this.spareSchemas = spareSchemas;
            return this;
        }

        /** @return the config */
        public DbConfig build() {
            return new DbConfig(this);
        }
    }
}

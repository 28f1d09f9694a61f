package io.tenantstore.mongodb.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.mongodb.AuthenticationMechanism;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.event.ConnectionPoolListener;
import io.tenantstore.spi.Text;
import io.tenantstore.DbConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.PoolSettings;
import io.tenantstore.Secret;
import io.tenantstore.spi.Credential;
import org.jspecify.annotations.Nullable;

/**
 * How to open a {@code MongoClient} for a {@link DbConfig}: the driver settings without the
 * login, how a login becomes the driver's credential, the database the URL names (if any) and a
 * description safe for messages. The login is kept apart from the settings because with a
 * {@link DbConfig#credentials()} source it changes: each client is built with the credential
 * current when it is built ({@link #settingsFor(Credential)}). Immutable and thread-safe.
 *
 * <p>Mapping from the config:
 * <ul>
 *   <li>{@link DbConfig#url()} is the connection string ({@code mongodb://} or
 *       {@code mongodb+srv://}); it never holds a password (DbConfig refuses one);</li>
 *   <li>{@link DbConfig#properties()} are appended as connection-string options
 *       ({@code replicaSet}, {@code tls}, {@code authSource}, ...), so the driver validates them;</li>
 *   <li>{@link DbConfig#username()} and {@link DbConfig#password()}, or a credential from a
 *       {@link DbConfig#credentials()} source (static, env, file or command; the user then comes
 *       from the source or else from {@code username}), become a {@link MongoCredential} whose
 *       source and mechanism follow the connection string's rules ({@code authSource}, else the
 *       URL's database, else {@code admin}; a password mechanism from {@code authMechanism});
 *       a user named both in the URL and in the config must be the same one;</li>
 *   <li>{@link PoolSettings} set the pool's size, minimum idle connections and check-out wait;
 *       its connection timeout is also the server-selection and connect timeout unless the URL
 *       sets {@code serverSelectionTimeoutMS} or {@code connectTimeoutMS}.</li>
 * </ul>
 *
 * @param baseSettings the driver settings without a login from the config (a login the URL
 *                     carries, such as MONGODB-X509, is in them)
 * @param login        how a password login becomes the driver's credential; empty when the
 *                     config gives none (no login, or the URL's)
 * @param fixedLogin   the login of {@code username} and {@code password}; empty without a
 *                     password (no login, the URL's, or a credentials source)
 * @param urlDatabase  the database named in the URL's path, if any (validated)
 * @param description  hosts, database and user, for messages; never the password
 */
record ClientSetup(MongoClientSettings baseSettings, Optional<LoginTemplate> login, Optional<Credential> fixedLogin,
                   Optional<String> urlDatabase, String description) {
    /** Application name sent to the server unless the URL sets {@code appName}. */
    static final String APPLICATION_NAME = "tenantstore";

    private static final String SCHEME = "mongodb://";
    private static final String SRV_SCHEME = "mongodb+srv://";
    private static final String AUTH_MECHANISM = "authmechanism";
    private static final Set<String> PASSWORD_MECHANISMS = Set.of("SCRAM-SHA-1", "SCRAM-SHA-256", "PLAIN");

    /** Rejects nulls and a fixed login without a template. */
    ClientSetup {
        Objects.requireNonNull(baseSettings, "baseSettings");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(fixedLogin, "fixedLogin");
        Objects.requireNonNull(urlDatabase, "urlDatabase");
        Objects.requireNonNull(description, "description");
        if (fixedLogin.isPresent() && login.isEmpty()) {
            throw new IllegalArgumentException("a fixed login needs a login template");
        }
    }

    /**
     * How a user and password become the driver's credential: the authentication database and
     * mechanism the connection string asks for. Immutable.
     *
     * @param source    the authentication database ({@code authSource})
     * @param mechanism a password mechanism, or {@code null} to let the driver negotiate SCRAM
     */
    record LoginTemplate(String source, @Nullable AuthenticationMechanism mechanism) {
        /** Rejects a null source. */
        LoginTemplate {
            Objects.requireNonNull(source, "source");
        }

        /**
         * @param login a user and password
         * @return the driver's credential for it
         */
        MongoCredential toDriver(Credential login) {
            MongoCredential c = MongoCredential.createCredential(login.username(), source,
                    login.secret().reveal().toCharArray());
            return mechanism == null ? c : c.withMechanism(mechanism);
        }
    }

    /**
     * @param login the login to build a client with, or {@code null} for none (or the URL's)
     * @return the driver settings with that login
     * @throws IllegalArgumentException when a login is given but the config takes none
     */
    MongoClientSettings settingsFor(@Nullable Credential login) {
        if (login == null) {
            return baseSettings;
        }
        LoginTemplate template = this.login.orElseThrow(() ->
                new IllegalArgumentException("the data source " + description + " takes no password login"));
        return MongoClientSettings.builder(baseSettings).credential(template.toDriver(login)).build();
    }

    /**
     * @return the driver settings with the fixed login of {@code username} and {@code password},
     *         if the config has one (a credentials source's login is not in them)
     */
    MongoClientSettings settings() {
        return settingsFor(fixedLogin.orElse(null));
    }

    /**
     * @param db       the data source
     * @param listener told of pool events (for the pool counters), or {@code null}
     * @return the setup
     * @throws InvalidInputException for a URL that is not a MongoDB connection string, an invalid
     *                               option, a conflicting user, a password without a user, or a
     *                               database name MongoDB does not accept
     */
    static ClientSetup of(DbConfig db, @Nullable ConnectionPoolListener listener) {
        String url = db.url().trim();
        String scheme = url.startsWith(SCHEME) ? SCHEME : url.startsWith(SRV_SCHEME) ? SRV_SCHEME : null;
        if (scheme == null) {
            throw new InvalidInputException("url for driver " + db.driver()
                    + " must be a MongoDB connection string starting with mongodb:// or mongodb+srv://: "
                    + Text.quote(url));
        }
        String withOptions = appendOptions(url, scheme, db.properties());
        Map<String, String> options = queryOptions(withOptions);
        String forDriver = withOptions;
        if (!hasUserInfo(withOptions, scheme) && PASSWORD_MECHANISMS.contains(
                options.getOrDefault(AUTH_MECHANISM, "").toUpperCase(Locale.ROOT))) {
            // The driver refuses a password mechanism without a user in the string; the user and
            // password come from the settings, so the mechanism is applied to that credential.
            forDriver = withoutOption(withOptions, AUTH_MECHANISM);
        }
        ConnectionString parsed = parse(forDriver, url);
        LoginTemplate template = loginTemplate(parsed, options, db);
        Optional<Credential> fixedLogin = Optional.empty();
        if (db.password().isPresent()) {
            // loginTemplate checked that a user goes with the password
            fixedLogin = Optional.of(Credential.of(db.username().orElseThrow(), db.password().get()));
        }
        Optional<String> urlDatabase = Optional.ofNullable(parsed.getDatabase())
                .map(name -> DatabaseNames.validate(name, "the database named in the URL"));

        PoolSettings pool = db.pool();
        long timeoutMs = pool.connectionTimeout().toMillis();
        ConnectionString cs = parsed;
        MongoClientSettings.Builder b = MongoClientSettings.builder().applyConnectionString(cs);
        if (cs.getApplicationName() == null) {
            b.applicationName(APPLICATION_NAME);
        }
        b.applyToConnectionPoolSettings(p -> {
            p.maxSize(pool.maxSize()).minSize(pool.minIdle()).maxWaitTime(timeoutMs, TimeUnit.MILLISECONDS);
            if (listener != null) {
                p.addConnectionPoolListener(listener);
            }
        });
        if (cs.getServerSelectionTimeout() == null) {
            b.applyToClusterSettings(c -> c.serverSelectionTimeout(timeoutMs, TimeUnit.MILLISECONDS));
        }
        if (cs.getConnectTimeout() == null) {
            b.applyToSocketSettings(s -> s.connectTimeout((int) Math.min(timeoutMs, Integer.MAX_VALUE),
                    TimeUnit.MILLISECONDS));
        }
        // With a credentials source that names the user itself, the user is not known here.
        String user = db.username().orElse(cs.getUsername());
        String description = "mongodb " + String.join(",", cs.getHosts())
                + urlDatabase.map(d -> "/" + d).orElse("")
                + (user == null ? "" : " as " + user);
        return new ClientSetup(b.build(), Optional.ofNullable(template), fixedLogin, urlDatabase, description);
    }

    /** @return the description; never the settings, which hold the credential */
    @Override
    public String toString() {
        return "ClientSetup[" + description + "]";
    }

    private static String appendOptions(String url, String scheme, Map<String, String> properties) {
        if (properties.isEmpty()) {
            return url;
        }
        StringBuilder s = new StringBuilder(url);
        int slash = url.indexOf('/', scheme.length());
        if (url.indexOf('?') >= 0) {
            s.append('&');
        } else if (slash < 0) {
            s.append("/?");
        } else {
            s.append('?');
        }
        boolean first = true;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (!first) {
                s.append('&');
            }
            first = false;
            s.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    private static ConnectionString parse(String connectionString, String configuredUrl) {
        try {
            return new ConnectionString(connectionString);
        } catch (IllegalArgumentException e) {
            // The string holds no password (DbConfig refuses one), so the driver's reason is safe.
            throw new InvalidInputException("invalid MongoDB connection string " + Text.quote(configuredUrl) + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * How the config's login is made. A user named in the URL (for mechanisms without password,
     * such as MONGODB-X509) keeps the driver's credential; otherwise the config's user and
     * password, or a credentials source's, are combined with the URL's {@code authSource}
     * (default: {@code $external} for PLAIN, else the URL's database, else {@code admin}) and
     * {@code authMechanism} (default: negotiated SCRAM).
     *
     * @return the template, or {@code null} when the config gives no login
     */
    private static @Nullable LoginTemplate loginTemplate(ConnectionString cs, Map<String, String> options,
                                                         DbConfig db) {
        MongoCredential fromUrl = cs.getCredential();
        String user = db.username().orElse(null);
        Secret password = db.password().orElse(null);
        boolean fromSource = db.credentials().isPresent();
        if (fromUrl != null) {
            // The URL carries the login (a user, or a mechanism such as MONGODB-X509 that needs none).
            if (password != null || fromSource) {
                throw new InvalidInputException("url for driver " + db.driver() + " uses authMechanism "
                        + fromUrl.getMechanism() + ", which takes no password; remove the "
                        + (fromSource ? "credentials" : "password") + " setting");
            }
            if (user != null && !user.equals(fromUrl.getUserName())) {
                throw new InvalidInputException("url for driver " + db.driver() + " names user "
                        + (fromUrl.getUserName() == null ? "(none, mechanism " + fromUrl.getMechanism() + ")"
                        : Text.quote(fromUrl.getUserName())) + " but the username setting is " + Text.quote(user)
                        + "; set the user in one place");
            }
            return null; // applyConnectionString already carries it
        }
        if (password == null && !fromSource) {
            if (user != null) {
                throw new InvalidInputException("username " + Text.quote(user) + " is set for driver " + db.driver()
                        + " but no password; set password or credentials (a mechanism without password, such as"
                        + " MONGODB-X509, names the user in the URL with authMechanism)");
            }
            return null;
        }
        if (password != null && user == null) {
            throw new InvalidInputException("a password is set for driver " + db.driver()
                    + " but no username; set username");
        }
        AuthenticationMechanism mechanism = null;
        String mechanismName = options.get(AUTH_MECHANISM);
        if (mechanismName != null) {
            try {
                mechanism = AuthenticationMechanism.fromMechanismName(mechanismName);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("unknown authMechanism " + Text.quote(mechanismName), e);
            }
            switch (mechanism) {
                case SCRAM_SHA_1, SCRAM_SHA_256, PLAIN:
                    break;
                default:
                    throw new InvalidInputException("authMechanism " + mechanism.getMechanismName()
                            + " takes no password; name the user in the URL and remove the "
                            + (fromSource ? "credentials" : "password") + " setting");
            }
        }
        String source = options.get("authsource");
        if (source == null) {
            source = mechanism == AuthenticationMechanism.PLAIN ? "$external"
                    : cs.getDatabase() != null ? cs.getDatabase() : "admin";
        }
        return new LoginTemplate(source, mechanism);
    }

    private static boolean hasUserInfo(String connectionString, String scheme) {
        int end = connectionString.indexOf('/', scheme.length());
        String authority = connectionString.substring(scheme.length(), end < 0 ? connectionString.length() : end);
        return authority.contains("@");
    }

    private static String withoutOption(String connectionString, String lowerCaseName) {
        int q = connectionString.indexOf('?');
        StringBuilder kept = new StringBuilder();
        for (String pair : connectionString.substring(q + 1).split("[&;]")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!URLDecoder.decode(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).equals(lowerCaseName)) {
                kept.append(kept.length() == 0 ? "" : "&").append(pair);
            }
        }
        return connectionString.substring(0, q + 1) + kept;
    }

    /** @return the connection string's options, keys lower-cased (the driver ignores their case) */
    private static Map<String, String> queryOptions(String connectionString) {
        int q = connectionString.indexOf('?');
        Map<String, String> out = new java.util.HashMap<>();
        if (q < 0) {
            return out;
        }
        for (String pair : connectionString.substring(q + 1).split("[&;]")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}

package io.tenantstore.core.yaml;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.tenantstore.CredentialSpec;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.MigrationMode;
import io.tenantstore.OwnerLogin;
import io.tenantstore.RowSecurityMode;
import io.tenantstore.Secret;
import io.tenantstore.PoolSettings;

/**
 * Maps a {@link DbConfig} to and from its YAML block, used by store.yaml ({@code defaultTenantDb},
 * {@code globalDb}) and tenant.yaml ({@code database}):
 *
 * <pre>
 * driver: postgres
 * url: jdbc:postgresql://127.0.0.1:5432/app
 * isolation: schema            # database | schema | shared; Default: shared
 * schema: acme                 # optional
 * username: app                # optional
 * password: ${APP_DB_PASSWORD} # optional; through the SecretResolver, never clear text
 * credentials:                 # optional, instead of password: short-lived passwords
 *   provider: command           # static | env | file | command
 *   command: [/usr/local/bin/db-token, acme]   # command: prints {"username","password","expiresAt"}
 *   timeout: 10s                # command
 *   path: /run/secrets/db       # file: a bare password or the command's JSON
 *   recheckInterval: 10s        # file
 *   passwordVariable: DB_PASS   # env
 *   usernameVariable: DB_USER   # env, optional
 *   password: enc:...           # static, through the SecretResolver
 *   refreshAt: 0.8              # optional refresh policy: refreshAt, maxJitter, floor, backoffInitial,
 *                               #   backoffMax, breakerThreshold, breakerCooldown
 * pool: { maxSize: 10, minIdle: 0, connectionTimeout: 5s, maxLifetime: 30m, keepaliveTime: 0s }
 * properties: { sslmode: require }
 * owner:                       # optional: the login that owns the tables and runs the migrations
 *   username: app_owner
 *   password: ${APP_OWNER_PASSWORD}   # through the SecretResolver
 * migrate: on-connect          # on-connect | validate | off; Default: on-connect
 * rowSecurity: enforced        # enforced | advisory (PostgreSQL shared); Default: enforced
 * spareSchemas: 0              # 0-32 migrated schemas kept ready for new tenants (PostgreSQL schema); Default: 0
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class DbConfigYaml {
    private DbConfigYaml() {
    }

    /**
     * Reads a block; unknown keys are an error.
     *
     * @param map     the block
     * @param secrets resolves the password
     * @param owner   whose database: a tenant slug or {@code store}
     * @return the config
     * @throws io.tenantstore.InvalidInputException naming the file, line and key of any problem
     */
    public static DbConfig read(YamlMap map, SecretResolver secrets, String owner) {
        String driver = map.requireString("driver");
        String url = map.requireString("url");
        DbConfig.Builder b = map.buildAt("url", () -> DbConfig.builder(driver, url));
        map.string("isolation").ifPresent(text -> b.isolation(map.buildAt("isolation", () -> Isolation.parse(text))));
        map.string("schema").ifPresent(text -> map.buildAt("schema", () -> b.schema(text)));
        map.string("username").ifPresent(text -> map.buildAt("username", () -> b.username(text)));
        map.secret("password", secrets, owner).ifPresent(b::password);
        map.map("credentials").ifPresent(c -> b.credentials(readCredentials(c, secrets, owner)));
        map.map("pool").ifPresent(pool -> {
            int maxSize = pool.integer("maxSize").orElse(PoolSettings.DEFAULT_MAX_SIZE);
            int minIdle = pool.integer("minIdle").orElse(PoolSettings.DEFAULT_MIN_IDLE);
            var timeout = pool.duration("connectionTimeout").orElse(PoolSettings.DEFAULT_CONNECTION_TIMEOUT);
            var maxLifetime = pool.duration("maxLifetime").orElse(PoolSettings.DEFAULT_MAX_LIFETIME);
            var keepalive = pool.duration("keepaliveTime").orElse(PoolSettings.DEFAULT_KEEPALIVE_TIME);
            pool.rejectUnknownKeys();
            b.pool(pool.build(pool.path(), () -> new PoolSettings(maxSize, minIdle, timeout, maxLifetime, keepalive)));
        });
        map.map("owner").ifPresent(o -> {
            String user = o.requireString("username");
            Secret pw = o.secret("password", secrets, owner).orElse(null);
            o.rejectUnknownKeys();
            b.owner(o.build(o.path(), () -> new OwnerLogin(user, pw)));
        });
        map.string("migrate").ifPresent(text -> b.migrate(map.buildAt("migrate", () -> MigrationMode.parse(text))));
        map.string("rowSecurity").ifPresent(text ->
                b.rowSecurity(map.buildAt("rowSecurity", () -> RowSecurityMode.parse(text))));
        map.integer("spareSchemas").ifPresent(n -> map.buildAt("spareSchemas", () -> b.spareSchemas(n)));
        Map<String, String> properties = map.stringMap("properties");
        properties.forEach((name, value) -> map.buildAt("properties", () -> b.property(name, value)));
        map.rejectUnknownKeys();
        return map.build(map.path().isEmpty() ? "database" : map.path(), b::build);
    }

    private static CredentialSpec readCredentials(YamlMap c, SecretResolver secrets, String owner) {
        String provider = c.requireString("provider");
        CredentialSpec.Source source = switch (provider) {
            case "static" -> new CredentialSpec.Static(c.secret("password", secrets, owner)
                    .orElseThrow(() -> c.error(c.pathOf("password") + " is required for provider static")));
            case "env" -> c.buildAt("passwordVariable", () -> new CredentialSpec.Environment(
                    c.requireString("passwordVariable"), c.string("usernameVariable")));
            case "file" -> c.buildAt("path", () -> new CredentialSpec.File(Path.of(c.requireString("path")),
                    c.duration("recheckInterval").orElse(CredentialSpec.File.DEFAULT_RECHECK_INTERVAL)));
            case "command" -> c.buildAt("command", () -> new CredentialSpec.Command(c.stringList("command"),
                    c.duration("timeout").orElse(CredentialSpec.Command.DEFAULT_TIMEOUT)));
            default -> throw c.error("provider", c.pathOf("provider") + " must be static, env, file or command, found '"
                    + YamlMap.quote(provider) + "'");
        };
        CredentialSpec.Refresh d = CredentialSpec.Refresh.DEFAULTS;
        double refreshAt = fraction(c, "refreshAt", d.refreshAt());
        double maxJitter = fraction(c, "maxJitter", d.maxJitter());
        CredentialSpec.Refresh refresh = c.build(c.path(), () -> new CredentialSpec.Refresh(refreshAt, maxJitter,
                c.duration("floor").orElse(d.floor()), c.duration("backoffInitial").orElse(d.backoffInitial()),
                c.duration("backoffMax").orElse(d.backoffMax()),
                c.integer("breakerThreshold").orElse(d.breakerThreshold()),
                c.duration("breakerCooldown").orElse(d.breakerCooldown())));
        c.rejectUnknownKeys();
        return new CredentialSpec(source, refresh);
    }

    private static double fraction(YamlMap c, String key, double dflt) {
        return c.string(key).map(text -> c.buildAt(key, () -> {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new io.tenantstore.InvalidInputException("must be a number like 0.8: '" + YamlMap.quote(text) + "'");
            }
        })).orElse(dflt);
    }

    private static Map<String, Object> writeCredentials(CredentialSpec spec, SecretResolver secrets, SecretSite site) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("provider", spec.source().kind());
        CredentialSpec.Source source = spec.source();
        if (source instanceof CredentialSpec.Static s) {
            String base = site.field().endsWith("password")
                    ? site.field().substring(0, site.field().length() - "password".length()) : site.field() + ".";
            out.put("password", secrets.reference(s.password(),
                    new SecretSite(site.owner(), base + "credentials.password", site.location())));
        } else if (source instanceof CredentialSpec.Environment e) {
            out.put("passwordVariable", e.passwordVariable());
            e.usernameVariable().ifPresent(u -> out.put("usernameVariable", u));
        } else if (source instanceof CredentialSpec.File f) {
            out.put("path", f.path().toString());
            out.put("recheckInterval", Durations.format(f.recheckInterval()));
        } else if (source instanceof CredentialSpec.Command cmd) {
            out.put("command", cmd.command());
            out.put("timeout", Durations.format(cmd.timeout()));
        }
        CredentialSpec.Refresh r = spec.refresh();
        CredentialSpec.Refresh d = CredentialSpec.Refresh.DEFAULTS;
        if (r.refreshAt() != d.refreshAt()) {
            out.put("refreshAt", String.valueOf(r.refreshAt()));
        }
        if (r.maxJitter() != d.maxJitter()) {
            out.put("maxJitter", String.valueOf(r.maxJitter()));
        }
        putIfChanged(out, "floor", r.floor(), d.floor());
        putIfChanged(out, "backoffInitial", r.backoffInitial(), d.backoffInitial());
        putIfChanged(out, "backoffMax", r.backoffMax(), d.backoffMax());
        if (r.breakerThreshold() != d.breakerThreshold()) {
            out.put("breakerThreshold", r.breakerThreshold());
        }
        putIfChanged(out, "breakerCooldown", r.breakerCooldown(), d.breakerCooldown());
        return out;
    }

    private static void putIfChanged(Map<String, Object> out, String key, java.time.Duration value,
                                     java.time.Duration dflt) {
        if (!value.equals(dflt)) {
            out.put(key, Durations.format(value));
        }
    }

    /**
     * Writes a block. The password is written through {@code secrets}, which refuses to write it in clear.
     *
     * @param config  the config
     * @param secrets writes the password's reference
     * @param site    the password's site (owner, field, file)
     * @return an ordered map for {@link YamlWriter}
     * @throws io.tenantstore.SecretException when the password has no safe stored form
     */
    public static Map<String, Object> write(DbConfig config, SecretResolver secrets, SecretSite site) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("driver", config.driver());
        out.put("url", config.url());
        out.put("isolation", config.isolation().yamlName());
        config.schema().ifPresent(s -> out.put("schema", s));
        config.username().ifPresent(u -> out.put("username", u));
        config.password().ifPresent(p -> out.put("password", secrets.reference(p, site)));
        config.credentials().ifPresent(c -> out.put("credentials", writeCredentials(c, secrets, site)));
        if (!config.pool().equals(PoolSettings.DEFAULTS)) {
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("maxSize", config.pool().maxSize());
            pool.put("minIdle", config.pool().minIdle());
            pool.put("connectionTimeout", Durations.format(config.pool().connectionTimeout()));
            pool.put("maxLifetime", Durations.format(config.pool().maxLifetime()));
            pool.put("keepaliveTime", Durations.format(config.pool().keepaliveTime()));
            out.put("pool", pool);
        }
        if (!config.properties().isEmpty()) {
            out.put("properties", new TreeMap<>(config.properties()));
        }
        config.owner().ifPresent(o -> {
            Map<String, Object> login = new LinkedHashMap<>();
            login.put("username", o.username());
            if (o.password() != null) {
                String base = site.field().endsWith("password")
                        ? site.field().substring(0, site.field().length() - "password".length()) : site.field() + ".";
                login.put("password", secrets.reference(o.password(),
                        new SecretSite(site.owner(), base + "owner.password", site.location())));
            }
            out.put("owner", login);
        });
        if (config.migrate() != MigrationMode.ON_CONNECT) {
            out.put("migrate", config.migrate().yamlName());
        }
        if (config.rowSecurity() != RowSecurityMode.ENFORCED) {
            out.put("rowSecurity", config.rowSecurity().yamlName());
        }
        if (config.spareSchemas() != 0) {
            out.put("spareSchemas", config.spareSchemas());
        }
        return out;
    }
}

package io.tenantstore.core.internal.yaml;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
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
 * pool: { maxSize: 10, minIdle: 0, connectionTimeout: 5s }
 * properties: { sslmode: require }
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
        map.map("pool").ifPresent(pool -> {
            int maxSize = pool.integer("maxSize").orElse(PoolSettings.DEFAULT_MAX_SIZE);
            int minIdle = pool.integer("minIdle").orElse(PoolSettings.DEFAULT_MIN_IDLE);
            var timeout = pool.duration("connectionTimeout").orElse(PoolSettings.DEFAULT_CONNECTION_TIMEOUT);
            pool.rejectUnknownKeys();
            b.pool(pool.build(pool.path(), () -> new PoolSettings(maxSize, minIdle, timeout)));
        });
        Map<String, String> properties = map.stringMap("properties");
        properties.forEach((name, value) -> map.buildAt("properties", () -> b.property(name, value)));
        map.rejectUnknownKeys();
        return b.build();
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
        if (!config.pool().equals(PoolSettings.DEFAULTS)) {
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("maxSize", config.pool().maxSize());
            pool.put("minIdle", config.pool().minIdle());
            pool.put("connectionTimeout", Durations.format(config.pool().connectionTimeout()));
            out.put("pool", pool);
        }
        if (!config.properties().isEmpty()) {
            out.put("properties", new TreeMap<>(config.properties()));
        }
        return out;
    }
}

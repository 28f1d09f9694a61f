package io.tenantstore.core.yaml;

import io.tenantstore.CacheConfig;

/**
 * Reads store.yaml's {@code cache:} block into a {@link CacheConfig}:
 *
 * <pre>
 * cache:
 *   driver: redis                     # memory (Default) | redis (tenantstore-redis on the classpath)
 *   url: redis://127.0.0.1:6379/0     # redis: server and database; rediss:// for TLS; no password here
 *   username: app                     # optional (Redis ACL user)
 *   password: ${REDIS_PASSWORD}       # optional; ${ENV} or enc:..., never clear text
 *   keyPrefix: tenantstore            # optional; prefix of every key on the server
 *   timeout: 2s                       # optional; per call and per connection attempt
 *   poolSize: 16                      # optional; connections shared by all tenants
 *   maxEntries: 100000                # optional; memory only
 * </pre>
 *
 * Unknown keys are an error. Stateless and thread-safe.
 */
public final class CacheConfigYaml {
    private CacheConfigYaml() {
    }

    /**
     * @param map     the block
     * @param secrets resolves the password
     * @param owner   whose secret the password is ({@code store})
     * @return the config
     * @throws io.tenantstore.InvalidInputException naming the file, line and key of any problem
     */
    public static CacheConfig read(YamlMap map, SecretResolver secrets, String owner) {
        String driver = map.requireString("driver");
        CacheConfig.Builder b = map.buildAt("driver", () -> CacheConfig.builder(driver));
        map.string("url").ifPresent(text -> map.buildAt("url", () -> b.url(text)));
        map.string("username").ifPresent(text -> map.buildAt("username", () -> b.username(text)));
        map.secret("password", secrets, owner).ifPresent(b::password);
        map.string("keyPrefix").ifPresent(text -> map.buildAt("keyPrefix", () -> b.keyPrefix(text)));
        map.duration("timeout").ifPresent(d -> map.buildAt("timeout", () -> b.timeout(d)));
        map.integer("poolSize").ifPresent(n -> map.buildAt("poolSize", () -> b.poolSize(n)));
        map.integer("maxEntries").ifPresent(n -> map.buildAt("maxEntries", () -> b.maxEntries(n)));
        map.rejectUnknownKeys();
        return b.build();
    }
}

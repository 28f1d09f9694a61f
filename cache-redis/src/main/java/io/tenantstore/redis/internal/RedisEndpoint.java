package io.tenantstore.redis.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import io.tenantstore.CacheConfig;
import io.tenantstore.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * Where the Redis server is, read from a {@code redis://host:port/db} or {@code rediss://} (TLS)
 * URL. The URL never holds a password ({@link CacheConfig} refuses one), so {@link #toString()}
 * may show it. Immutable and thread-safe.
 *
 * @param host     server host
 * @param port     server port; Default: 6379
 * @param database database number; Default: 0
 * @param tls      whether to connect with TLS ({@code rediss})
 * @param username the ACL user from the config or the URL, if any
 */
public record RedisEndpoint(String host, int port, int database, boolean tls, Optional<String> username) {
    /** Port used when the URL names none. */
    public static final int DEFAULT_PORT = 6379;

    /**
     * @param config a cache config whose driver is redis
     * @return its endpoint
     * @throws InvalidInputException when the URL is missing or not a redis URL, quoting it
     */
    public static RedisEndpoint of(CacheConfig config) {
        String url = config.url().orElseThrow(() -> new InvalidInputException(
                "cache driver " + config.driver() + " needs a url like redis://127.0.0.1:6379/0"));
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw bad(url, "not a URL");
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw bad(url, "the scheme must be redis or rediss");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw bad(url, "it names no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw bad(url, "query parameters are not read; use the cache settings (timeout, poolSize, username)");
        }
        int database = 0;
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                database = -1;
            }
            if (database < 0) {
                throw bad(url, "the path must be a database number like /0");
            }
        }
        @Nullable String urlUser = uri.getUserInfo();
        Optional<String> user = config.username().or(() -> Optional.ofNullable(urlUser).filter(u -> !u.isEmpty()));
        return new RedisEndpoint(host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), database,
                "rediss".equals(scheme), user);
    }

    private static InvalidInputException bad(String url, String why) {
        return new InvalidInputException("cache url '" + url + "' is not a redis URL (" + why
                + "); expected redis://host:port/db or rediss://host:port/db");
    }

    /** @return the server as {@code redis://host:port/db}, without login */
    @Override
    public String toString() {
        return (tls ? "rediss" : "redis") + "://" + host + ":" + port + "/" + database;
    }
}

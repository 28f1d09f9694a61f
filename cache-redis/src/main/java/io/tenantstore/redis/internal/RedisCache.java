package io.tenantstore.redis.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.tenantstore.CacheConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.HealthReport;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import io.tenantstore.repository.TenantCache;
import io.tenantstore.spi.CacheArguments;
import io.tenantstore.spi.CacheConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * A store's Redis cache: one {@link RedisClient} (one connection pool) for all tenants, keys
 * {@code <keyPrefix>:{<tenantId>}:<key>}, every conditional operation one server-side command or
 * script, so it is atomic across processes. A {@link RedisBreaker} opens after
 * {@link #BREAKER_THRESHOLD} connection failures in a row; calls then fail at once with
 * {@link UnavailableException.Reason#BREAKER_OPEN} while a background probe pings the server every
 * {@link #PROBE_INTERVAL} and closes the breaker on its first answer. Thread-safe.
 */
public final class RedisCache implements CacheConnection {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCache.class);
    /** Consecutive connection failures that open the breaker. */
    public static final int BREAKER_THRESHOLD = 3;
    /** Time between two probes while the breaker is open. */
    public static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
    /** Keys one {@code deleteByPrefix} round asks SCAN for. */
    static final int SCAN_COUNT = 1000;
    private static final java.util.regex.Pattern TRANSIENT =
            java.util.regex.Pattern.compile("(LOADING|BUSY|OOM|MASTERDOWN|READONLY|TRYAGAIN)\\b");

    // GETDEL for servers before 6.2: read and delete in one script, so one caller gets the value.
    static final String GET_AND_DELETE_SCRIPT = """
            local v = redis.call('GET', KEYS[1])
            if v then redis.call('DEL', KEYS[1]) end
            return v""";
    // One SCAN step and the UNLINK of what it matched, in one script: no key read here is deleted
    // after another process has replaced it. Returns {next cursor, keys removed}.
    static final String DELETE_BY_PATTERN_SCRIPT = """
            local r = redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])
            local keys = r[2]
            local n = 0
            for i = 1, #keys, 500 do
              n = n + redis.call('UNLINK', unpack(keys, i, math.min(i + 499, #keys)))
            end
            return {r[1], n}""";

    private final RedisEndpoint endpoint;
    private final String keyPrefix;
    private final int poolSize;
    private final RedisClient client;
    private final RedisBreaker breaker;
    private final ScheduledExecutorService prober;
    private final Object probeLock = new Object();
    private @Nullable ScheduledFuture<?> probe;
    private volatile boolean getDelSupported;
    private volatile boolean closed;

    /**
     * Creates the client; connections are made on first use, so a server that is down does not
     * fail the store's start.
     *
     * @param endpoint the server
     * @param config   login, key prefix, timeout and pool size
     */
    public RedisCache(RedisEndpoint endpoint, CacheConfig config) {
        this(endpoint, config, true);
    }

    /**
     * @param endpoint the server
     * @param config   login, key prefix, timeout and pool size
     * @param getDel   whether to use GETDEL (Redis 6.2+); false uses the equivalent script
     */
    RedisCache(RedisEndpoint endpoint, CacheConfig config, boolean getDel) {
        this.endpoint = endpoint;
        this.keyPrefix = config.keyPrefix();
        this.poolSize = config.poolSize();
        this.getDelSupported = getDel;
        int timeoutMs = (int) config.timeout().toMillis();
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .database(endpoint.database())
                .ssl(endpoint.tls())
                .clientName("tenantstore");
        endpoint.username().ifPresent(client::user);
        config.password().ifPresent(p -> client.password(p.reveal()));
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(config.poolSize());
        pool.setMaxIdle(config.poolSize());
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(config.timeout());
        pool.setJmxEnabled(false);
        this.client = RedisClient.builder().hostAndPort(endpoint.host(), endpoint.port())
                .clientConfig(client.build()).poolConfig(pool).build();
        this.breaker = new RedisBreaker(BREAKER_THRESHOLD, Clock.systemUTC());
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tenantstore-redis-probe");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public TenantCache forTenant(String tenantId) {
        return new Namespace(keyPrefix + ":{" + tenantId + "}:");
    }

    /** @return connections the shared pool has opened so far (all tenants together) */
    long connectionsCreated() {
        return client.getPool().getCreatedCount();
    }

    /** @return whether the breaker is open (calls refused until the probe reaches the server) */
    public boolean breakerOpen() {
        return breaker.isOpen();
    }

    @Override
    public HealthReport.Check health() {
        String name = "cache redis " + endpoint;
        if (breaker.isOpen()) {
            return new HealthReport.Check(name, false, "circuit breaker open since " + breaker.openedAt());
        }
        try {
            return new HealthReport.Check(name, "PONG".equals(call("PING", client::ping)), "answered");
        } catch (StoreException e) {
            return new HealthReport.Check(name, false, String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        prober.shutdownNow();
        client.close();
    }

    private <T> T call(String op, Supplier<T> command) {
        if (closed) {
            throw new UnavailableException(UnavailableException.Reason.CLOSED, "the cache is closed", null);
        }
        if (!breaker.allows()) {
            throw new UnavailableException(UnavailableException.Reason.BREAKER_OPEN, "cache server " + endpoint
                    + " is unreachable: circuit breaker open since " + breaker.openedAt() + ", probing every "
                    + PROBE_INTERVAL.toMillis() + " ms", null);
        }
        T result;
        try {
            result = command.get();
        } catch (RuntimeException e) {
            throw translate(op, e);
        }
        breaker.onSuccess();
        return result;
    }

    RuntimeException translate(String op, RuntimeException e) {
        if (closed) {
            return new UnavailableException(UnavailableException.Reason.CLOSED, "the cache is closed", e);
        }
        JedisAccessControlException denied = find(e, JedisAccessControlException.class);
        if (denied != null) {
            return new StoreException(ErrorCode.CONFIGURATION, "cache server " + endpoint
                    + " refused the login (check the cache username and password): " + denied.getMessage(), e);
        }
        if (find(e, JedisConnectionException.class) != null || find(e, IOException.class) != null) {
            if (breaker.onFailure()) {
                LOG.warn("cache server {} unreachable; circuit breaker open, probing every {} ms", endpoint,
                        PROBE_INTERVAL.toMillis());
                startProbe();
            }
            return new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "cache server " + endpoint
                    + " did not answer " + op + ": " + rootMessage(e), e);
        }
        if (find(e, NoSuchElementException.class) != null) {
            return new UnavailableException(UnavailableException.Reason.POOL_EXHAUSTED, "no connection to cache server "
                    + endpoint + " became free within the cache timeout (poolSize " + poolSize + ")", e);
        }
        if (e instanceof JedisDataException && e.getMessage() != null && TRANSIENT.matcher(e.getMessage()).lookingAt()) {
            // The server is up but cannot serve now (loading its data, a script running, out of
            // memory, a replica): a typed outage, though not one the breaker should count.
            return new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "cache server " + endpoint
                    + " cannot serve " + op + " now: " + e.getMessage(), e);
        }
        if (e instanceof JedisDataException) {
            return new StoreException(ErrorCode.INTERNAL, "cache server " + endpoint + " refused " + op + ": "
                    + e.getMessage(), e);
        }
        return new StoreException(ErrorCode.INTERNAL, "cache call " + op + " on " + endpoint + " failed: " + e, e);
    }

    private static <X extends Throwable> @Nullable X find(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
    }

    private void startProbe() {
        synchronized (probeLock) {
            if (closed || (probe != null && !probe.isDone())) {
                return;
            }
            long every = PROBE_INTERVAL.toMillis();
            probe = prober.scheduleWithFixedDelay(this::probeOnce, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void probeOnce() {
        try {
            client.ping();
        } catch (RuntimeException e) {
            return; // still down; the breaker stays open
        }
        // Connections idle in the pool may predate a server restart: drop them before calls resume.
        try {
            client.getPool().clear();
        } catch (RuntimeException e) {
            LOG.debug("clearing idle cache connections failed: {}", e.toString());
        }
        breaker.onProbeSuccess();
        LOG.info("cache server {} answers again; circuit breaker closed", endpoint);
        synchronized (probeLock) {
            if (probe != null) {
                probe.cancel(false);
            }
        }
    }

    private static String glob(String literal) {
        StringBuilder b = new StringBuilder(literal.length() + 8);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^' || c == '-') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private final class Namespace implements TenantCache {
        private final String namespace;

        Namespace(String namespace) {
            this.namespace = namespace;
        }

        private String key(String key) {
            return namespace + CacheArguments.key(key);
        }

        @Override
        public Optional<String> get(String key) {
            String k = key(key);
            return Optional.ofNullable(call("GET", () -> client.get(k)));
        }

        @Override
        public void set(String key, String value, Duration ttl) {
            String k = key(key);
            String v = CacheArguments.value(value);
            long ms = CacheArguments.ttlMillis(ttl);
            call("SET", () -> client.set(k, v, SetParams.setParams().px(ms)));
        }

        @Override
        public boolean delete(String key) {
            String k = key(key);
            return call("DEL", () -> client.del(k)) > 0;
        }

        @Override
        public boolean exists(String key) {
            String k = key(key);
            return call("EXISTS", () -> client.exists(k));
        }

        @Override
        public boolean setIfAbsent(String key, String value, Duration ttl) {
            String k = key(key);
            String v = CacheArguments.value(value);
            long ms = CacheArguments.ttlMillis(ttl);
            return "OK".equals(call("SET NX", () -> client.set(k, v, SetParams.setParams().nx().px(ms))));
        }

        @Override
        public Optional<String> getAndDelete(String key) {
            String k = key(key);
            if (getDelSupported) {
                try {
                    return Optional.ofNullable(call("GETDEL", () -> client.getDel(k)));
                } catch (StoreException e) {
                    if (!(e.getCause() instanceof JedisDataException d) || d.getMessage() == null
                            || !d.getMessage().toLowerCase(java.util.Locale.ROOT).contains("unknown command")) {
                        throw e;
                    }
                    getDelSupported = false; // a server before 6.2: the script does the same in one step
                }
            }
            Object v = call("EVAL getAndDelete", () -> client.eval(GET_AND_DELETE_SCRIPT, List.of(k), List.of()));
            return Optional.ofNullable((String) v);
        }

        @Override
        public int deleteByPrefix(String prefix) {
            String pattern = glob(namespace + CacheArguments.prefix(prefix)) + "*";
            String cursor = "0";
            long removed = 0;
            do {
                String from = cursor;
                List<?> r = (List<?>) call("EVAL deleteByPrefix", () -> client.eval(DELETE_BY_PATTERN_SCRIPT,
                        List.of(), List.of(from, pattern, String.valueOf(SCAN_COUNT))));
                cursor = String.valueOf(r.get(0));
                removed += ((Number) r.get(1)).longValue();
            } while (!"0".equals(cursor));
            return (int) Math.min(Integer.MAX_VALUE, removed);
        }
    }
}

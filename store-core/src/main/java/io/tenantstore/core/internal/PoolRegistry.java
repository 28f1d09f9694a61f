package io.tenantstore.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.StoreException;
import io.tenantstore.StoreStats;
import io.tenantstore.UnavailableException;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.core.support.ProbingBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's pools, keyed by {@link DataSourceKey}. Creation is single-flight (any number of
 * concurrent callers for a new key cause one {@code connect}); a failure is not cached and every
 * waiter sees it. A per-key circuit breaker refuses calls quickly while a database cannot be
 * opened; its background probe (every {@link #PROBE_INTERVAL}) opens the pool as soon as the
 * database answers, with no cooldown. {@link #maintain()} closes pools no tenant holds after the
 * idle timeout and pools that fail their health check (unless they recover by themselves).
 * Thread-safe.
 */
public final class PoolRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PoolRegistry.class);

    /** Consecutive connect or health failures that open a data source's breaker. */
    public static final int BREAKER_THRESHOLD = 5;
    /** How often an open breaker tries to open its data source. Default: 250 ms. */
    public static final Duration PROBE_INTERVAL = ProbingBreaker.DEFAULT_PROBE_INTERVAL;
    /** How long a health check may take. Default: 5 s. */
    public static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

    private final Function<DbConfig, AdapterConnection> connector;
    private final Clock clock;
    private final int maxPools;
    private final Duration idleTimeout;
    private final Consumer<Pool> onEvict;
    private final ConcurrentHashMap<DataSourceKey, Pool> pools = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DataSourceKey, ProbingBreaker> breakers = new ConcurrentHashMap<>();
    private final ProbingBreaker.ProbeScheduler probes;
    private final AtomicLong evictions = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param connector   opens a data source (the adapter chosen by the config's driver)
     * @param clock       time source for idle tracking and breakers
     * @param maxPools    most pools open at once
     * @param idleTimeout how long a pool no tenant holds stays open
     * @param onEvict     told of each pool closed by {@link #maintain()} or the budget, so tenant
     *                    accesses bound to it can be dropped
     */
    public PoolRegistry(Function<DbConfig, AdapterConnection> connector, Clock clock, int maxPools,
                        Duration idleTimeout, Consumer<Pool> onEvict) {
        this(connector, clock, maxPools, idleTimeout, onEvict, ProbingBreaker.sharedScheduler());
    }

    /**
     * @param connector   opens a data source
     * @param clock       time source
     * @param maxPools    most pools open at once
     * @param idleTimeout how long a pool no tenant holds stays open
     * @param onEvict     told of each pool closed by maintenance or the budget
     * @param probes      runs the probes of open breakers
     */
    public PoolRegistry(Function<DbConfig, AdapterConnection> connector, Clock clock, int maxPools,
                        Duration idleTimeout, Consumer<Pool> onEvict, ProbingBreaker.ProbeScheduler probes) {
        this.probes = probes;
        this.connector = connector;
        this.clock = clock;
        this.maxPools = maxPools;
        this.idleTimeout = idleTimeout;
        this.onEvict = onEvict;
    }

    /**
     * Takes a hold on the pool of {@code config}'s data source, creating it if needed.
     *
     * @param config the tenant's database
     * @return the held pool; call {@link Pool#release()} when the tenant access is dropped
     * @throws UnavailableException when the breaker is open, the budget is used up or connect fails
     */
    public Pool acquire(DbConfig config) {
        DataSourceKey key = DataSourceKey.of(config);
        while (true) {
            if (closed) {
                throw new UnavailableException(UnavailableException.Reason.CLOSED, "the store is closed", null);
            }
            Pool pool = pools.get(key);
            if (pool == null) {
                ProbingBreaker breaker = breaker(key, config);
                if (breaker.isOpen()) {
                    throw new UnavailableException(UnavailableException.Reason.BREAKER_OPEN, "database " + key
                            + " is unavailable: circuit breaker open after repeated failures to connect; a probe"
                            + " tries every " + PROBE_INTERVAL.toMillis() + " ms", null);
                }
                Pool fresh = new Pool(key, clock);
                pool = pools.putIfAbsent(key, fresh);
                if (pool == null) {
                    pool = fresh;
                    open(fresh, config, breaker);
                }
            }
            AdapterConnection connection = await(pool);
            if (pool.retain()) {
                pool.touch(clock.instant());
                return pool;
            }
            // Closed between lookup and retain: the next lap creates a new pool.
            assert connection != null;
        }
    }

    private void open(Pool fresh, DbConfig config, ProbingBreaker breaker) {
        AdapterConnection connection;
        try {
            makeRoom(fresh.key);
            connection = connector.apply(config);
        } catch (RuntimeException e) {
            pools.remove(fresh.key, fresh);
            if (!(e instanceof UnavailableException u && u.reason() == UnavailableException.Reason.POOL_BUDGET_EXHAUSTED)
                    && !(e instanceof StoreException s && s.code() == ErrorCode.CONFIGURATION)) {
                breaker.onFailure(e);
            } else {
                breaker.onSuccess(); // not the database's fault
            }
            fresh.connection.completeExceptionally(e);
            throw e;
        } catch (Throwable t) {
            // An Error (a driver that cannot initialise): never leave waiters on a future nobody completes.
            pools.remove(fresh.key, fresh);
            breaker.onFailure(t);
            fresh.connection.completeExceptionally(t);
            throw t;
        }
        if (closed || fresh.isClosed()) {
            // The store closed while this pool was being opened: close it rather than leak it.
            pools.remove(fresh.key, fresh);
            closeQuietly(connection, fresh.key);
            UnavailableException e = new UnavailableException(UnavailableException.Reason.CLOSED, "the store is closed",
                    null);
            fresh.connection.completeExceptionally(e);
            throw e;
        }
        fresh.connection.complete(connection);
        if (fresh.isClosed()) {
            closeQuietly(connection, fresh.key); // close() ran between the check above and now
        }
        breaker.onSuccess();
        LOG.info("opened pool {} ({} open)", fresh.key, pools.size());
    }

    private void makeRoom(DataSourceKey forKey) {
        // The new pool is already in the map, so the budget counts it.
        if (pools.size() <= maxPools) {
            return;
        }
        List<Pool> idle = new ArrayList<>();
        for (Pool p : pools.values()) {
            if (p.key != forKey && p.holders.get() == 0 && p.connection.isDone()) {
                idle.add(p);
            }
        }
        idle.sort(Comparator.comparing(p -> p.lastUsedAt));
        for (Pool p : idle) {
            if (pools.size() <= maxPools) {
                return;
            }
            evict(p, "pool budget of " + maxPools + " reached", false);
        }
        if (pools.size() > maxPools) {
            throw new UnavailableException(UnavailableException.Reason.POOL_BUDGET_EXHAUSTED, "cannot open a pool for "
                    + forKey + ": maxPools " + maxPools + " are open and every one is held by a tenant", null);
        }
    }

    private static AdapterConnection await(Pool pool) {
        try {
            return pool.connection.get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException(ErrorCode.INTERNAL, "opening pool " + pool.key + " failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    "interrupted while waiting for pool " + pool.key, e);
        }
    }

    private ProbingBreaker breaker(DataSourceKey key, DbConfig config) {
        return breakers.computeIfAbsent(key, k -> new ProbingBreaker(k.toString(), BREAKER_THRESHOLD, PROBE_INTERVAL,
                clock, probes, () -> probeOpen(k, config), () -> { }, new ProbingBreaker.Listener() { }));
    }

    /**
     * The probe of a data source that could not be opened: opens it, and keeps the result as its
     * pool, ready for the next caller.
     */
    private boolean probeOpen(DataSourceKey key, DbConfig config) {
        if (closed) {
            return false;
        }
        AdapterConnection connection = connector.apply(config); // throws while the database is down
        Pool ready = new Pool(key, clock);
        ready.connection.complete(connection);
        if (closed || pools.putIfAbsent(key, ready) != null) {
            closeQuietly(connection, key); // a caller opened one meanwhile, or the store closed
        } else {
            LOG.info("opened pool {} by probe ({} open)", key, pools.size());
        }
        return true;
    }

    /**
     * Closes pools that no tenant holds and that were last used {@code idleTimeout} ago, and pools
     * whose database does not answer a ping (their tenants are dropped; the next call reconnects).
     */
    public void maintain() {
        evictIdle();
        checkHealth();
    }

    /** Closes pools that no tenant holds and that were last used {@code idleTimeout} ago. */
    public void evictIdle() {
        Instant now = clock.instant();
        for (Pool p : pools.values()) {
            if (p.connection.isDone() && !p.connection.isCompletedExceptionally() && p.holders.get() == 0
                    && !now.isBefore(p.lastUsedAt.plus(idleTimeout))) {
                evict(p, "idle since " + p.lastUsedAt, false);
            }
        }
    }

    /**
     * Pings every open pool; one that does not answer is closed (its tenants are dropped; the next
     * call reconnects) unless it recovers by itself. One pool's failure never stops the others' checks.
     */
    public void checkHealth() {
        for (Pool p : pools.values()) {
            if (!p.connection.isDone() || p.connection.isCompletedExceptionally() || p.isClosed()) {
                continue;
            }
            try {
                checkHealth(p);
            } catch (RuntimeException e) {
                LOG.warn("health check of pool {} failed: {}", p.key, e.toString());
            }
        }
    }

    private void checkHealth(Pool p) {
        AdapterConnection c = p.connection.join();
        boolean healthy;
        try {
            healthy = c.ping(PING_TIMEOUT);
        } catch (RuntimeException e) {
            healthy = false;
        }
        if (!healthy && c.recoversItself()) {
            // its own breaker and probe bring it back; replacing it would only add a cold start
            LOG.debug("pool {} failed its health check; it recovers by itself", p.key);
        } else if (!healthy) {
            evict(p, "failed its health check", true);
        }
    }

    private void evict(Pool p, String why, boolean evenIfHeld) {
        if (evenIfHeld) {
            p.forceClosed();
        } else if (!p.closeIfUnheld()) {
            return; // a tenant took a hold after we looked
        }
        if (pools.remove(p.key, p)) {
            evictions.incrementAndGet();
            LOG.info("closed pool {}: {}", p.key, why);
            onEvict.accept(p);
            try {
                p.connection.join().evict();
            } catch (RuntimeException e) {
                LOG.warn("closing pool {} failed: {}", p.key, e.toString());
            }
        }
    }

    private static void closeQuietly(Pool p) {
        closeQuietly(p.connection.join(), p.key);
    }

    private static void closeQuietly(AdapterConnection connection, DataSourceKey key) {
        try {
            connection.close();
        } catch (RuntimeException e) {
            LOG.warn("closing pool {} failed: {}", key, e.toString());
        }
    }

    /** @return pool statistics */
    public List<StoreStats.PoolStats> stats() {
        List<StoreStats.PoolStats> out = new ArrayList<>();
        for (Pool p : pools.values()) {
            if (!p.connection.isDone() || p.connection.isCompletedExceptionally()) {
                continue;
            }
            AdapterConnection.PoolCounters c = p.connection.join().counters()
                    .orElse(new AdapterConnection.PoolCounters(0, 0, 0));
            out.add(new StoreStats.PoolStats(p.key.toString(), Math.max(0, p.holders.get()), c.active(), c.idle(),
                    c.pending(), p.createdAt, p.lastUsedAt, state(p).name()));
        }
        out.sort(Comparator.comparing(StoreStats.PoolStats::key));
        return out;
    }

    /** @return open pools, for health reports */
    public List<Pool> open() {
        List<Pool> out = new ArrayList<>();
        for (Pool p : pools.values()) {
            if (p.connection.isDone() && !p.connection.isCompletedExceptionally()) {
                out.add(p);
            }
        }
        return out;
    }

    /** @return pools closed by maintenance or the budget since start */
    public long evictions() {
        return evictions.get();
    }

    private CircuitBreaker.State state(Pool p) {
        ProbingBreaker b = breakers.get(p.key);
        boolean refusing = p.connection.isDone() && !p.connection.isCompletedExceptionally()
                && p.connection.join().refusingCalls();
        return refusing || (b != null && b.isOpen()) ? CircuitBreaker.State.OPEN : CircuitBreaker.State.CLOSED;
    }

    /**
     * @return the breaker states, by data source: OPEN while a pool cannot be opened or an open
     *         pool refuses calls because its database is down
     */
    public Map<DataSourceKey, CircuitBreaker.State> breakerStates() {
        Map<DataSourceKey, CircuitBreaker.State> out = new java.util.TreeMap<>(Comparator.comparing(Object::toString));
        breakers.forEach((k, b) -> out.put(k, b.isOpen() ? CircuitBreaker.State.OPEN : CircuitBreaker.State.CLOSED));
        for (Pool p : open()) {
            out.put(p.key, state(p));
        }
        return out;
    }

    /** Closes every pool. */
    @Override
    public void close() {
        closed = true;
        breakers.values().forEach(ProbingBreaker::close);
        for (Pool p : pools.values()) {
            p.forceClosed();
            if (pools.remove(p.key, p) && p.connection.isDone() && !p.connection.isCompletedExceptionally()) {
                closeQuietly(p);
            }
        }
    }

    /**
     * One open (or opening) data source and the count of tenant accesses holding it. Thread-safe.
     */
    public static final class Pool {
        private static final int CLOSED = -1;

        private final DataSourceKey key;
        private final Clock clock;
        private final Instant createdAt;
        private final CompletableFuture<AdapterConnection> connection = new CompletableFuture<>();
        private final AtomicInteger holders = new AtomicInteger();
        private volatile Instant lastUsedAt;

        Pool(DataSourceKey key, Clock clock) {
            this.key = key;
            this.clock = clock;
            this.createdAt = clock.instant();
            this.lastUsedAt = createdAt;
        }

        /** @return the data source identity */
        public DataSourceKey key() {
            return key;
        }

        /** @return the open adapter connection */
        public AdapterConnection connection() {
            return connection.join();
        }

        /** @return whether this pool was closed (its tenants must rebind) */
        public boolean isClosed() {
            return holders.get() == CLOSED;
        }

        /** @param now the time a tenant used the pool */
        public void touch(Instant now) {
            lastUsedAt = now;
        }

        /** Drops one hold; the pool becomes idle-evictable when none remain, counted from now. */
        public void release() {
            lastUsedAt = clock.instant();
            holders.getAndUpdate(h -> h > 0 ? h - 1 : h);
        }

        boolean retain() {
            while (true) {
                int h = holders.get();
                if (h == CLOSED) {
                    return false;
                }
                if (holders.compareAndSet(h, h + 1)) {
                    return true;
                }
            }
        }

        boolean closeIfUnheld() {
            return holders.compareAndSet(0, CLOSED);
        }

        void forceClosed() {
            holders.set(CLOSED);
        }
    }
}

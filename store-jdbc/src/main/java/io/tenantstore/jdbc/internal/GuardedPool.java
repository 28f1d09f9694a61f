package io.tenantstore.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.tenantstore.core.support.ProbingBreaker;
import io.tenantstore.jdbc.SqlDialect;
import io.tenantstore.jdbc.SqlFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The traffic pool of one data source behind its {@link ProbingBreaker}. A connection that cannot
 * be had because the server is down opens the breaker; from then on {@link #getConnection()}
 * fails at once with {@code UnavailableException(DATABASE_DOWN)} while a probe (one plain connect
 * every 250 ms) watches the server. The probe that connects replaces the HikariCP pool with a new
 * one before the breaker closes: the old pool's connections are dead and its connection adder may
 * be asleep in its own back-off (up to 5 s), which would otherwise delay the recovery. The old pool
 * is closed once its borrowed connections are back.
 *
 * <p>Callers already waiting inside HikariCP for a connection when the breaker opens (every
 * connection of the pool broke at once, the adder cannot connect) would otherwise wait out the
 * whole connection timeout; they are woken and fail as {@code DATABASE_DOWN} like later callers.
 * A caller is woken by an interrupt only while it is registered as waiting, and the interrupt is
 * cleared again before it leaves, so the application never sees it; an interrupt of the
 * application's own is left as it was.
 *
 * <p>A subclass of {@link HikariDataSource} so that every holder of the pool (repositories,
 * migrations, the application's {@code unwrap(DataSource.class)}) goes through the breaker and
 * follows the replacement; it never starts a pool of its own. Thread-safe.
 */
final class GuardedPool extends HikariDataSource implements SqlRunner.PoolState {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedPool.class);
    private static final AtomicInteger GENERATION = new AtomicInteger();

    private final HikariConfig template;
    private final SqlDialect dialect;
    private final ProbingBreaker breaker;
    private volatile HikariDataSource current;
    private volatile boolean shut;
    private volatile boolean evicted;
    /** Callers inside HikariCP's {@code getConnection}, woken when the breaker opens. */
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

    /** One caller waiting for a connection. */
    private static final class Waiter {
        static final int WAITING = 0;
        static final int WAKING = 1;
        static final int WOKEN = 2;
        static final int DONE = 3;
        final Thread thread = Thread.currentThread();
        final AtomicInteger state = new AtomicInteger(WAITING);
    }

    /**
     * @param template  the pool's configuration, copied for each replacement pool
     * @param first     the pool opened at start
     * @param dialect   classifies driver failures
     * @param source    the data source, for messages
     * @param probe     one plain connect attempt
     * @param clock     time source
     * @param scheduler runs the probes
     * @param listener  told of breaker changes and probe results
     */
    GuardedPool(HikariConfig template, HikariDataSource first, SqlDialect dialect, String source,
                ProbingBreaker.Probe probe, Clock clock, ProbingBreaker.ProbeScheduler scheduler,
                ProbingBreaker.Listener listener) {
        this.template = template;
        this.current = first;
        this.dialect = dialect;
        this.breaker = new ProbingBreaker(source, 1, ProbingBreaker.DEFAULT_PROBE_INTERVAL, clock, scheduler, probe,
                this::replacePool, new ProbingBreaker.Listener() {
                    @Override
                    public void stateChanged(boolean open) {
                        if (open) {
                            wakeWaiters();
                        }
                        listener.stateChanged(open);
                    }

                    @Override
                    public void probed(boolean answered) {
                        listener.probed(answered);
                    }
                });
    }

    ProbingBreaker breaker() {
        return breaker;
    }

    @Override
    public Connection getConnection() throws SQLException {
        breaker.check();
        HikariDataSource pool = current;
        Waiter waiter = new Waiter();
        waiters.add(waiter);
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            boolean woken = leave(waiter);
            if (!shut && pool != current) {
                return getConnection(); // replaced meanwhile: the new pool serves
            }
            if (woken) {
                throw breaker.refusal();
            }
            if (!shut && serverDown(e)) {
                breaker.trip(e);
            }
            throw e;
        }
        leave(waiter); // woken just as a connection came: the connection is good, keep it
        breaker.onSuccess();
        return c;
    }

    /** @return whether the caller was woken by the breaker opening; its interrupt is cleared then */
    private boolean leave(Waiter waiter) {
        waiters.remove(waiter);
        if (waiter.state.compareAndSet(Waiter.WAITING, Waiter.DONE)) {
            return false;
        }
        while (waiter.state.get() != Waiter.WOKEN) {
            Thread.onSpinWait(); // the breaker is between claiming this caller and interrupting it
        }
        Thread.interrupted();
        return true;
    }

    private void wakeWaiters() {
        for (Waiter w : waiters) {
            if (w.state.compareAndSet(Waiter.WAITING, Waiter.WAKING)) {
                w.thread.interrupt();
                w.state.set(Waiter.WOKEN);
            }
        }
    }

    /**
     * @return whether a failed checkout means the server is down: HikariCP's timeout carries the last
     *         connect failure as its cause when it could not connect (a login refused is not that)
     */
    boolean serverDown(SQLException e) {
        Throwable cause = e.getCause();
        if (cause instanceof InterruptedException) {
            return false; // the caller's thread was interrupted: says nothing about the server
        }
        SQLException driver = cause instanceof SQLException s ? s : e;
        SqlFailure.Kind kind = dialect.classify(driver).kind();
        if (Logins.refused(driver)) {
            return false;
        }
        return kind == SqlFailure.Kind.CONNECTION_FAILURE || (cause != null && !(cause instanceof SQLException));
    }

    /** @param e a physical connect attempt of the pool failed (not a refused login): the server is down */
    void connectFailed(SQLException e) {
        if (!shut && serverDown(e)) {
            breaker.trip(e);
        }
    }

    @Override
    public void connectionLost(SQLException e) {
        // One broken connection or a down server: a probe tells which.
        breaker.suspect(e);
    }

    private void replacePool() {
        HikariConfig next = new HikariConfig();
        template.copyStateTo(next);
        next.setPoolName(template.getPoolName() + "-r" + GENERATION.incrementAndGet());
        HikariDataSource fresh = new HikariDataSource(next); // connects once; throws when it cannot
        HikariDataSource old;
        synchronized (this) {
            if (shut) {
                fresh.close();
                return;
            }
            old = current;
            current = fresh;
        }
        LOG.info("pool {} replaced by {} after the database came back", old.getPoolName(), next.getPoolName());
        retire(old);
    }

    private static void retire(HikariDataSource old) {
        HikariPoolMXBean mx = old.getHikariPoolMXBean();
        if (mx != null) {
            mx.softEvictConnections(); // idle ones close now, borrowed ones on return
        }
        Thread t = new Thread(() -> {
            // Let borrowed connections come back (their callers' statements end) before closing.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (mx != null && mx.getActiveConnections() > 0 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
            old.close();
        }, "tenantstore-retire-" + old.getPoolName());
        t.setDaemon(true);
        t.start();
    }

    @Override
    public boolean closed() {
        return shut;
    }

    @Override
    public boolean evicted() {
        return evicted;
    }

    /** Closes the pool because the store dropped it (health check, idle, budget), not because it closed. */
    void closeEvicted() {
        evicted = true;
        close();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("the pool's own credentials are used");
    }

    @Override
    public void evictConnection(Connection connection) {
        current.evictConnection(connection);
    }

    @Override
    public HikariPoolMXBean getHikariPoolMXBean() {
        return current.getHikariPoolMXBean();
    }

    @Override
    public HikariConfigMXBean getHikariConfigMXBean() {
        return current.getHikariConfigMXBean();
    }

    @Override
    public boolean isRunning() {
        return !shut && current.isRunning();
    }

    @Override
    public boolean isClosed() {
        return shut;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return current.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return current.isWrapperFor(iface);
    }

    @Override
    public String getPoolName() {
        return current.getPoolName();
    }

    @Override
    public void close() {
        synchronized (this) {
            shut = true;
        }
        breaker.close();
        current.close();
    }

    @Override
    public String toString() {
        return "GuardedPool[" + current.getPoolName() + ", breaker " + (breaker.isOpen() ? "open" : "closed") + "]";
    }
}

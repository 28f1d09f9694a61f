package io.tenantstore.core.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.tenantstore.UnavailableException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker of one data source, closed again by a background probe rather than by a
 * cooldown: once it opens, {@link #check()} refuses calls at once with
 * {@code UnavailableException(DATABASE_DOWN)} while one probe (a cheap connect attempt) runs every
 * {@code probeInterval}; the first successful probe runs the recovery action (for a pool: replace
 * it, so the pool's own reconnect back-off adds nothing) and closes the breaker. So callers fail in
 * microseconds during an outage and serve again within one probe interval of the server's return.
 *
 * <p>{@link #onFailure} opens it after {@code threshold} consecutive failures, {@link #trip} at
 * once; {@link #suspect} runs one probe first and opens it only when that probe fails too (for
 * failures that may concern one connection rather than the server). Thread-safe.
 */
public final class ProbingBreaker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbingBreaker.class);

    /** How often an open breaker probes its data source. Default: 250 ms. */
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMillis(250);

    /** A connect attempt. */
    @FunctionalInterface
    public interface Probe {
        /**
         * @throws Exception when the data source does not answer (a {@code false} return means the same)
         * @return whether the data source answered
         */
        boolean attempt() throws Exception;
    }

    /** Runs probes: the default is a small shared daemon pool; tests run them by hand. */
    public interface ProbeScheduler {
        /**
         * @param task     one probe round
         * @param interval delay between rounds; the first runs at once
         * @return cancels the rounds
         */
        Runnable repeat(Runnable task, Duration interval);

        /** @param task run once, soon, off the caller's thread */
        void once(Runnable task);
    }

    /** Told of state changes and probe results (meters, logs); must not block. */
    public interface Listener {
        /** @param open whether the breaker is now open */
        default void stateChanged(boolean open) {
        }

        /** @param answered whether the probe reached the data source */
        default void probed(boolean answered) {
        }
    }

    private static final ScheduledExecutorService SHARED = newSharedExecutor();
    private static final java.util.concurrent.ExecutorService RUNNERS = newRunners();

    private final String name;
    private final int threshold;
    private final Duration probeInterval;
    private final Clock clock;
    private final ProbeScheduler scheduler;
    private final Probe probe;
    private final Runnable onRecovered;
    private final Listener listener;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong probeSuccesses = new AtomicLong();
    private final AtomicLong probeFailures = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean roundRunning = new java.util.concurrent.atomic.AtomicBoolean();

    private final Object lock = new Object();
    // guarded by lock
    private boolean open;
    private boolean probing;
    private boolean closed;
    private @Nullable Runnable cancel;
    private Instant openedAt = Instant.EPOCH;
    private @Nullable String lastFailure;
    // read without the lock on the hot path
    private volatile boolean openFlag;

    /**
     * @param name          the data source, for messages (never a password)
     * @param threshold     consecutive failures that open it through {@link #onFailure}, at least 1
     * @param probeInterval delay between probes while open, positive
     * @param clock         time source for the outage's start
     * @param scheduler     runs the probes
     * @param probe         the connect attempt
     * @param onRecovered   run by the first successful probe before the breaker closes
     * @param listener      told of state changes and probe results
     */
    public ProbingBreaker(String name, int threshold, Duration probeInterval, Clock clock, ProbeScheduler scheduler,
                          Probe probe, Runnable onRecovered, Listener listener) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1: " + threshold);
        }
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("probeInterval must be positive: " + probeInterval);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.threshold = threshold;
        this.probeInterval = probeInterval;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.onRecovered = Objects.requireNonNull(onRecovered, "onRecovered");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** @return a scheduler on a shared pool of daemon threads */
    public static ProbeScheduler sharedScheduler() {
        return SharedScheduler.INSTANCE;
    }

    private enum SharedScheduler implements ProbeScheduler {
        INSTANCE;

        @Override
        public Runnable repeat(Runnable task, Duration interval) {
            // the timer only hands rounds to the runners: a probe stuck in a slow connect (a host that
            // drops packets) holds one runner thread, never the timer or other data sources' probes
            ScheduledFuture<?> f = SHARED.scheduleWithFixedDelay(() -> RUNNERS.execute(task), 0,
                    interval.toMillis(), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }

        @Override
        public void once(Runnable task) {
            RUNNERS.execute(task);
        }
    }

    private static java.util.concurrent.ExecutorService newRunners() {
        AtomicInteger n = new AtomicInteger();
        // threads only while probes run; they end after a minute idle
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tenantstore-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static ScheduledExecutorService newSharedExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tenantstore-probe-timer");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return Executors.unconfigurableScheduledExecutorService(executor);
    }

    /**
     * The hot-path check: one volatile read while closed.
     *
     * @throws UnavailableException DATABASE_DOWN while open
     */
    public void check() {
        if (openFlag) {
            throw refusal();
        }
    }

    /** @return whether calls are refused */
    public boolean isOpen() {
        return openFlag;
    }

    /** @return the error a refused call gets */
    public UnavailableException refusal() {
        Instant since;
        String why;
        synchronized (lock) {
            since = openedAt;
            why = lastFailure;
        }
        return new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "database " + name
                + " is down (since " + since + (why == null ? "" : ": " + why) + "); a probe checks every "
                + probeInterval.toMillis() + " ms and calls resume when it answers", null);
    }

    /** Records a successful call: resets the failure count. */
    public void onSuccess() {
        // read first: every call succeeds, and a write per call would bounce the counter's cache
        // line between the threads of a busy pool
        if (failures.get() != 0) {
            failures.set(0);
        }
    }

    /**
     * Records a failed call; the {@code threshold}-th in a row opens the breaker.
     *
     * @param cause what failed (its class and message, never a secret, go into later refusals)
     */
    public void onFailure(Throwable cause) {
        if (failures.incrementAndGet() >= threshold) {
            trip(cause);
        }
    }

    /**
     * Opens the breaker now (no-op when open) and starts the probe.
     *
     * @param cause what failed
     */
    public void trip(Throwable cause) {
        synchronized (lock) {
            if (closed || open) {
                return;
            }
            open = true;
            openFlag = true;
            openedAt = clock.instant();
            lastFailure = describe(cause);
            opened.incrementAndGet();
            startProbing();
        }
        LOG.warn("database {} is down ({}); refusing calls until a probe connects", name, describe(cause));
        listener.stateChanged(true);
    }

    /**
     * A failure that may concern one connection only: probes once at once, and opens the breaker
     * when that probe fails. No-op while a probe is already running or the breaker is open.
     *
     * @param cause what failed
     */
    public void suspect(Throwable cause) {
        synchronized (lock) {
            if (closed || open || probing) {
                return;
            }
            probing = true;
            lastFailure = describe(cause);
        }
        scheduler.once(() -> {
            boolean ok = runProbe();
            synchronized (lock) {
                probing = false;
            }
            if (!ok) {
                trip(cause);
            }
        });
    }

    private void startProbing() {
        // under lock
        cancel = scheduler.repeat(this::probeRound, probeInterval);
    }

    /**
     * One probe round while open; public so tests with a manual scheduler can drive it. A round
     * that finds the previous one still running (a slow connect) does nothing.
     */
    public void probeRound() {
        synchronized (lock) {
            if (!open || closed) {
                return;
            }
        }
        if (!roundRunning.compareAndSet(false, true)) {
            return;
        }
        try {
            probeAndRecover();
        } finally {
            roundRunning.set(false);
        }
    }

    private void probeAndRecover() {
        if (!runProbe()) {
            return;
        }
        try {
            onRecovered.run();
        } catch (RuntimeException e) {
            LOG.warn("database {} answered, but resuming failed ({}); probing again", name, e.toString());
            return;
        }
        Duration outage;
        synchronized (lock) {
            if (!open) {
                return;
            }
            open = false;
            openFlag = false;
            failures.set(0);
            outage = Duration.between(openedAt, clock.instant());
            if (cancel != null) {
                cancel.run();
                cancel = null;
            }
        }
        LOG.info("database {} answers again after {} ms; serving", name, outage.toMillis());
        listener.stateChanged(false);
    }

    private boolean runProbe() {
        boolean ok;
        try {
            ok = probe.attempt();
        } catch (Exception | LinkageError e) {
            LOG.debug("probe of {} failed: {}", name, describe(e));
            ok = false;
        }
        (ok ? probeSuccesses : probeFailures).incrementAndGet();
        listener.probed(ok);
        return ok;
    }

    private static String describe(Throwable t) {
        // class and message of the innermost cause: drivers say "Connection refused" there
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** @return successful probes since start */
    public long probeSuccesses() {
        return probeSuccesses.get();
    }

    /** @return failed probes since start */
    public long probeFailures() {
        return probeFailures.get();
    }

    /** @return how often the breaker opened since start */
    public long timesOpened() {
        return opened.get();
    }

    /** Stops probing; the breaker stays as it is. Idempotent. */
    @Override
    public void close() {
        Runnable c;
        synchronized (lock) {
            closed = true;
            c = cancel;
            cancel = null;
        }
        if (c != null) {
            c.run();
        }
    }
}

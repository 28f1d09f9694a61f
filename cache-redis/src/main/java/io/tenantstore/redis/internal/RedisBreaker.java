package io.tenantstore.redis.internal;

import java.time.Clock;
import java.time.Instant;

/**
 * The cache server's circuit breaker: {@code threshold} connection failures in a row open it;
 * while open, calls are refused without touching the network and a background probe (see
 * {@link RedisCache}) pings the server; the probe's first success closes it. No half-open caller:
 * no application call waits on a server that may be gone. Thread-safe.
 */
public final class RedisBreaker {
    private final int threshold;
    private final Clock clock;
    private int failures;
    private volatile boolean open;
    private Instant openedAt = Instant.EPOCH;

    /**
     * @param threshold consecutive failures that open the breaker, at least 1
     * @param clock     time source for {@link #openedAt()}
     */
    public RedisBreaker(int threshold, Clock clock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1: " + threshold);
        }
        this.threshold = threshold;
        this.clock = clock;
    }

    /** @return whether calls may go to the server (one volatile read) */
    public boolean allows() {
        return !open;
    }

    /** @return whether it is open */
    public boolean isOpen() {
        return open;
    }

    /** @return when it last opened */
    public synchronized Instant openedAt() {
        return openedAt;
    }

    /** Records a call the server answered. */
    public synchronized void onSuccess() {
        failures = 0;
    }

    /**
     * Records a call that failed to reach the server.
     *
     * @return whether this failure opened the breaker (the caller then starts the probe)
     */
    public synchronized boolean onFailure() {
        failures++;
        if (!open && failures >= threshold) {
            open = true;
            openedAt = clock.instant();
            return true;
        }
        return false;
    }

    /** Records a successful probe: closes the breaker. */
    public synchronized void onProbeSuccess() {
        failures = 0;
        open = false;
    }
}

package io.tenantstore;

import java.time.Duration;

/**
 * Connection pool settings of one data source. Immutable.
 *
 * @param maxSize           most connections; Default: 10
 * @param minIdle           idle connections kept open; Default: 0
 * @param connectionTimeout how long a caller waits for a connection; Default: 5 s
 * @param maxLifetime       how long a connection lives before the pool replaces it, zero for no limit
 *                          (at least 30 s otherwise); Default: 30 min
 * @param keepaliveTime     how often an idle connection is checked to keep it (and any firewall
 *                          state on the way) alive, zero for never (at least 30 s otherwise, and
 *                          shorter than {@code maxLifetime}); Default: 0 (off)
 */
public record PoolSettings(int maxSize, int minIdle, Duration connectionTimeout, Duration maxLifetime,
                           Duration keepaliveTime) {
    /** Default: 10 connections. */
    public static final int DEFAULT_MAX_SIZE = 10;
    /** Default: 0 idle connections. */
    public static final int DEFAULT_MIN_IDLE = 0;
    /** Default: 5 s. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** Default: 30 min. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);
    /** Default: 0 (no keepalive). */
    public static final Duration DEFAULT_KEEPALIVE_TIME = Duration.ZERO;
    /** The shortest non-zero {@code maxLifetime} and {@code keepaliveTime}: 30 s. */
    public static final Duration MIN_LIFETIME = Duration.ofSeconds(30);
    /** The defaults. */
    public static final PoolSettings DEFAULTS = new PoolSettings(DEFAULT_MAX_SIZE, DEFAULT_MIN_IDLE,
            DEFAULT_CONNECTION_TIMEOUT);

    /** Validates every value and quotes it in the message. */
    public PoolSettings {
        if (maxSize < 1 || maxSize > 1000) {
            throw new InvalidInputException("pool maxSize must be between 1 and 1000: " + maxSize);
        }
        if (minIdle < 0 || minIdle > maxSize) {
            throw new InvalidInputException("pool minIdle must be between 0 and maxSize (" + maxSize + "): " + minIdle);
        }
        if (connectionTimeout == null || connectionTimeout.compareTo(Duration.ofMillis(250)) < 0) {
            throw new InvalidInputException("pool connectionTimeout must be at least 250ms: " + connectionTimeout);
        }
        if (maxLifetime == null || maxLifetime.isNegative()
                || (!maxLifetime.isZero() && maxLifetime.compareTo(MIN_LIFETIME) < 0)) {
            throw new InvalidInputException("pool maxLifetime must be 0 (no limit) or at least 30s: " + maxLifetime);
        }
        if (keepaliveTime == null || keepaliveTime.isNegative()
                || (!keepaliveTime.isZero() && keepaliveTime.compareTo(MIN_LIFETIME) < 0)) {
            throw new InvalidInputException("pool keepaliveTime must be 0 (off) or at least 30s: " + keepaliveTime);
        }
        if (!keepaliveTime.isZero() && !maxLifetime.isZero() && keepaliveTime.compareTo(maxLifetime) >= 0) {
            throw new InvalidInputException("pool keepaliveTime must be shorter than maxLifetime (" + maxLifetime
                    + "): " + keepaliveTime);
        }
    }

    /**
     * Settings with the default {@code maxLifetime} and {@code keepaliveTime}.
     *
     * @param maxSize           most connections
     * @param minIdle           idle connections kept open
     * @param connectionTimeout how long a caller waits for a connection
     */
    public PoolSettings(int maxSize, int minIdle, Duration connectionTimeout) {
        this(maxSize, minIdle, connectionTimeout, DEFAULT_MAX_LIFETIME, DEFAULT_KEEPALIVE_TIME);
    }
}

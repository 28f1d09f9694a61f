package io.tenantstore;

import java.time.Duration;

/**
 * Connection pool settings of one data source. Immutable.
 *
 * @param maxSize           most connections; Default: 10
 * @param minIdle           idle connections kept open; Default: 0
 * @param connectionTimeout how long a caller waits for a connection; Default: 5 s
 */
public record PoolSettings(int maxSize, int minIdle, Duration connectionTimeout) {
    /** Default: 10 connections. */
    public static final int DEFAULT_MAX_SIZE = 10;
    /** Default: 0 idle connections. */
    public static final int DEFAULT_MIN_IDLE = 0;
    /** Default: 5 s. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** The defaults. */
    public static final PoolSettings DEFAULTS =
            new PoolSettings(DEFAULT_MAX_SIZE, DEFAULT_MIN_IDLE, DEFAULT_CONNECTION_TIMEOUT);

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
    }
}

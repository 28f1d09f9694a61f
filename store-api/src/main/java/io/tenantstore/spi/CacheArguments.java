package io.tenantstore.spi;

import java.time.Duration;

import io.tenantstore.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * The input rules every {@link io.tenantstore.repository.TenantCache} applies, so each cache
 * rejects the same keys, values and times to live with the same {@link InvalidInputException}.
 * Stateless and thread-safe.
 */
public final class CacheArguments {
    /** Longest key accepted, in chars. */
    public static final int MAX_KEY_LENGTH = 512;
    /** Largest value accepted, in chars. */
    public static final int MAX_VALUE_LENGTH = 1 << 20;
    /** Longest time to live accepted: 10 years, far from overflowing millisecond arithmetic. */
    public static final Duration MAX_TTL = Duration.ofDays(3650);

    private CacheArguments() {
    }

    /** @param key a cache key @return it, when 1 to {@value #MAX_KEY_LENGTH} chars */
    public static String key(@Nullable String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new InvalidInputException("cache key must be 1 to " + MAX_KEY_LENGTH + " characters: "
                    + (key == null ? "null" : key.length() + " characters"));
        }
        return key;
    }

    /** @param prefix a key prefix (may be empty) @return it, when at most {@value #MAX_KEY_LENGTH} chars */
    public static String prefix(@Nullable String prefix) {
        if (prefix == null || prefix.length() > MAX_KEY_LENGTH) {
            throw new InvalidInputException("cache prefix must be 0 to " + MAX_KEY_LENGTH + " characters: "
                    + (prefix == null ? "null" : prefix.length() + " characters"));
        }
        return prefix;
    }

    /** @param value a cache value @return it, when non-null and at most {@value #MAX_VALUE_LENGTH} chars */
    public static String value(@Nullable String value) {
        if (value == null || value.length() > MAX_VALUE_LENGTH) {
            throw new InvalidInputException("cache value must be non-null and at most " + MAX_VALUE_LENGTH
                    + " characters");
        }
        return value;
    }

    /**
     * @param ttl a time to live
     * @return it in whole milliseconds, rounded up (a positive ttl never becomes zero)
     */
    public static long ttlMillis(@Nullable Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new InvalidInputException("cache ttl must be positive: " + ttl);
        }
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw new InvalidInputException("cache ttl must be at most " + MAX_TTL.toDays() + " days: " + ttl);
        }
        long ms = ttl.toMillis();
        return ttl.equals(Duration.ofMillis(ms)) ? ms : ms + 1;
    }
}

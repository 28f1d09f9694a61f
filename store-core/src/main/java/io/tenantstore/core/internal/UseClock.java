package io.tenantstore.core.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A logical clock for the recency of cached tenant accesses, one for the JVM. It advances when an
 * access is added to a store's cache and when maintenance sweeps for idle accesses, so a warm call
 * reads one field (a constant address: no pointer to follow) and writes its access's stamp only when
 * the clock moved since its last use. Accesses used between two advances share a reading: the order
 * it gives is least-recently-used at the granularity of additions and sweeps, which is what the
 * cache bound and the idle sweep need (they act only then). Several stores advancing the same clock
 * only make the readings finer. Thread-safe.
 */
final class UseClock {
    private static final AtomicLong NOW = new AtomicLong();

    private UseClock() {
    }

    /** @return the current reading */
    static long now() {
        return NOW.get();
    }

    /** Advances the clock: a use after this returns stamps a reading no use before it had. */
    static void advance() {
        NOW.incrementAndGet();
    }
}

package io.tenantstore.core.internal;

/**
 * A logical clock for the recency of cached tenant accesses: it advances only when an access is
 * added to the cache, so a warm call reads one volatile field and writes its access's stamp only
 * when the clock moved since its last use. Accesses used between two additions share a reading;
 * the order it gives is least-recently-used at the granularity of additions, which is what the
 * cache bound needs (it only acts on additions). Thread-safe.
 */
final class UseClock {
    private volatile long now;

    /** @return the current reading */
    long now() {
        return now;
    }

    /** Advances the clock; called under the cache lock, so a plain increment of the volatile is safe. */
    void advance() {
        now = now + 1;
    }
}

package io.tenantstore.jdbc.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how many statement sets of one connection's schema targets keep their rendered SQL. A
 * schema target's statements name its schema, so they cannot be shared; with tens of thousands of
 * cached schema tenants they would be most of the heap. Past the bound the set that rendered first
 * drops its statements (first in, first out) and renders them again at its next use, a few
 * microseconds. The hot path is unchanged: a set reads its array without touching this. Thread-safe.
 */
final class RenderBudget {
    /** Statement sets with rendered SQL per connection, over all its schema targets. Default: 2,000. */
    static final int DEFAULT_MAX_SETS = 2_000;

    private final int max;
    private final ConcurrentLinkedQueue<StatementSet<?>> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    /** @param max most statement sets holding rendered SQL at once */
    RenderBudget(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        this.max = max;
    }

    /** @param set a set that has just created its array of rendered statements */
    void rendered(StatementSet<?> set) {
        order.add(set);
        if (size.incrementAndGet() > max) {
            StatementSet<?> oldest = order.poll();
            if (oldest != null) {
                size.decrementAndGet();
                oldest.drop();
            }
        }
    }

    /** @return how many sets hold rendered statements (tests) */
    int size() {
        return size.get();
    }
}

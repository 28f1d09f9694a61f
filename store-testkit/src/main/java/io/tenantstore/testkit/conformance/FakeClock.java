package io.tenantstore.testkit.conformance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, so expiry can be tested without waiting.
 * Thread-safe.
 */
public final class FakeClock extends Clock {
    private final AtomicReference<Instant> now;

    /** @param start the initial time */
    public FakeClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** @param by how far to move forward; must not be negative @return the new time */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a fake clock only moves forward: " + by);
        }
        return now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** @return this clock: the zone is always UTC */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

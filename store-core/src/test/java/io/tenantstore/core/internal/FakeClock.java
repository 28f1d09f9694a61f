package io.tenantstore.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand. Thread-safe. */
public final class FakeClock extends Clock {
    /** Where a clock made without a start begins. */
    public static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

    private volatile Instant now;

    /** @param start the first time it shows */
    public FakeClock(Instant start) {
        this.now = start;
    }

    /** A clock at {@link #START}. */
    public FakeClock() {
        this(START);
    }

    /** @param d how far to move */
    public void advance(Duration d) {
        now = now.plus(d);
    }

    /** @param instant the new time */
    public void set(Instant instant) {
        now = instant;
    }

    /** @return time since {@link #START} */
    public Duration elapsed() {
        return Duration.between(START, now);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}

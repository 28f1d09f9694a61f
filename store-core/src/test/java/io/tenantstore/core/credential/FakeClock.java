package io.tenantstore.core.credential;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand. Thread-safe. */
final class FakeClock extends Clock {
    static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

    private volatile Instant now = START;

    void advance(Duration d) {
        now = now.plus(d);
    }

    void set(Instant instant) {
        now = instant;
    }

    /** @return seconds since {@link #START} */
    Duration elapsed() {
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

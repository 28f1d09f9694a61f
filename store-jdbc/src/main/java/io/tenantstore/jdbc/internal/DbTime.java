package io.tenantstore.jdbc.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Time at the precision the databases store (microseconds), so what is read equals what was written. Thread-safe. */
final class DbTime {
    private DbTime() {
    }

    /** @param clock the store's clock @return its current time, truncated to microseconds */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** @param instant a time @return it truncated to microseconds */
    static Instant of(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}

package io.tenantstore.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RedisBreakerTest {
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final RedisBreaker breaker = new RedisBreaker(3, Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void opensAfterThresholdConsecutiveFailuresOnly() {
        assertThat(breaker.onFailure()).isFalse();
        assertThat(breaker.onFailure()).isFalse();
        breaker.onSuccess(); // an answer in between resets the count
        assertThat(breaker.onFailure()).isFalse();
        assertThat(breaker.onFailure()).isFalse();
        assertThat(breaker.allows()).isTrue();
        assertThat(breaker.onFailure()).as("third in a row opens").isTrue();
        assertThat(breaker.allows()).isFalse();
        assertThat(breaker.openedAt()).isEqualTo(now);
        assertThat(breaker.onFailure()).as("already open: no second probe start").isFalse();
    }

    @Test
    void onlyASuccessfulProbeClosesIt() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess(); // a call that was in flight when it opened does not close it
        assertThat(breaker.isOpen()).isTrue();
        breaker.onProbeSuccess();
        assertThat(breaker.allows()).isTrue();
        assertThat(breaker.onFailure()).as("the count starts again").isFalse();
    }
}

package io.tenantstore.core.credential.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenantstore.CredentialException;
import io.tenantstore.Secret;
import io.tenantstore.core.credential.RefreshingCredentialProvider;
import io.tenantstore.spi.Credential;
import io.tenantstore.spi.CredentialProvider;
import org.junit.jupiter.api.Test;

class MicrometerCredentialMetersTest {
    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-21T10:00:00Z");

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

    @Test
    void countsMintsAndGaugesTimeToLiveAndBreakerState() {
        MovingClock clock = new MovingClock();
        AtomicInteger mints = new AtomicInteger();
        CredentialProvider source = () -> {
            if (mints.incrementAndGet() > 1) {
                throw new CredentialException("token service down");
            }
            return Credential.expiring("app", Secret.of("pw"), clock.now.plusSeconds(1000));
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        RefreshingCredentialProvider p = RefreshingCredentialProvider.builder(source).name("acme-db").clock(clock)
                .executor(Runnable::run).random(() -> 0).breakerThreshold(1).meterRegistry(registry).build();
        clock.now = clock.now.plus(Duration.ofSeconds(800));
        p.current();

        assertThat(registry.get("tenantstore.credential.refresh").tags("source", "acme-db", "result", "success")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get("tenantstore.credential.refresh").tags("source", "acme-db", "result", "failure")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get("tenantstore.credential.ttl").tag("source", "acme-db").gauge().value()).isEqualTo(200.0);
        assertThat(registry.get("tenantstore.credential.breaker.state").tag("source", "acme-db").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void aCredentialWithoutExpiryHasAnInfiniteTimeToLive() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RefreshingCredentialProvider p = RefreshingCredentialProvider.builder(() -> Credential.of("app", Secret.of("pw")))
                .name("static").meterRegistry(registry).build();

        assertThat(registry.get("tenantstore.credential.ttl").gauge().value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(registry.get("tenantstore.credential.breaker.state").gauge().value()).isZero();
        assertThat(p.current().username()).isEqualTo("app");
    }
}

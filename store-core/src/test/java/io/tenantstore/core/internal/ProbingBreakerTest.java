package io.tenantstore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.tenantstore.UnavailableException;
import io.tenantstore.core.support.ProbingBreaker;
import org.junit.jupiter.api.Test;

class ProbingBreakerTest {
    private final FakeClock clock = new FakeClock();
    private final PoolRegistryTest.ManualProbes probes = new PoolRegistryTest.ManualProbes();
    private final AtomicBoolean serverUp = new AtomicBoolean(true);
    private final AtomicInteger recoveries = new AtomicInteger();
    private final List<Boolean> states = new ArrayList<>();
    private final List<Boolean> probeResults = new ArrayList<>();

    private ProbingBreaker breaker(int threshold) {
        return new ProbingBreaker("db://x", threshold, Duration.ofMillis(250), clock, probes, serverUp::get,
                recoveries::incrementAndGet, new ProbingBreaker.Listener() {
                    @Override
                    public void stateChanged(boolean open) {
                        states.add(open);
                    }

                    @Override
                    public void probed(boolean answered) {
                        probeResults.add(answered);
                    }
                });
    }

    @Test
    void openBreakerRefusesAsDatabaseDownUntilAProbeConnectsThenRecoversAndCloses() {
        ProbingBreaker b = breaker(1);
        b.check(); // closed: passes
        serverUp.set(false);
        b.trip(new java.net.ConnectException("Connection refused"));
        assertThatThrownBy(b::check).isInstanceOfSatisfying(UnavailableException.class,
                e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN))
                .hasMessageContaining("db://x").hasMessageContaining("Connection refused");
        probes.runRepeating();
        assertThat(b.isOpen()).isTrue();
        assertThat(recoveries).hasValue(0);
        serverUp.set(true);
        clock.advance(Duration.ofMillis(500));
        probes.runRepeating();
        assertThat(b.isOpen()).isFalse();
        assertThat(recoveries).hasValue(1);
        assertThat(states).containsExactly(true, false);
        assertThat(probeResults).containsExactly(false, true);
        assertThat(probes.repeating).isEmpty();
        b.check();
    }

    @Test
    void opensOnlyAtTheThresholdAndSuccessResetsTheCount() {
        ProbingBreaker b = breaker(3);
        RuntimeException boom = new RuntimeException("refused");
        b.onFailure(boom);
        b.onFailure(boom);
        b.onSuccess();
        b.onFailure(boom);
        b.onFailure(boom);
        assertThat(b.isOpen()).isFalse();
        b.onFailure(boom);
        assertThat(b.isOpen()).isTrue();
        assertThat(b.timesOpened()).isEqualTo(1);
    }

    @Test
    void suspectOpensOnlyWhenItsProbeFails() {
        ProbingBreaker b = breaker(1);
        b.suspect(new RuntimeException("one broken socket"));
        b.suspect(new RuntimeException("a second report while the probe is pending"));
        assertThat(probes.once).hasSize(1);
        probes.once.remove(0).run(); // the server answers: one connection was broken, nothing opens
        assertThat(b.isOpen()).isFalse();
        serverUp.set(false);
        b.suspect(new RuntimeException("server gone"));
        probes.once.remove(0).run();
        assertThat(b.isOpen()).isTrue();
    }

    @Test
    void aFailingRecoveryActionKeepsTheBreakerOpenAndProbing() {
        AtomicInteger attempts = new AtomicInteger();
        ProbingBreaker b = new ProbingBreaker("db://x", 1, Duration.ofMillis(250), clock, probes, () -> true, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("new pool could not connect");
            }
        }, new ProbingBreaker.Listener() { });
        b.trip(new RuntimeException("down"));
        probes.runRepeating();
        assertThat(b.isOpen()).isTrue();
        probes.runRepeating();
        assertThat(b.isOpen()).isFalse();
    }
}

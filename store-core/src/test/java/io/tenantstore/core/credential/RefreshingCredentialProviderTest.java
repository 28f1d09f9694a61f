package io.tenantstore.core.credential;

import static io.tenantstore.core.credential.ScriptedProvider.SECRET_MARK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.tenantstore.core.internal.FakeClock;
import io.tenantstore.CredentialException;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import io.tenantstore.core.credential.CredentialRefreshListener.BreakerState;
import io.tenantstore.spi.Credential;
import io.tenantstore.spi.CredentialProvider;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefreshingCredentialProviderTest {
    private static final Instant START = FakeClock.START;

    private final FakeClock clock = new FakeClock();
    private final ManualExecutor executor = new ManualExecutor();
    private final Recorder events = new Recorder();

    /** Records every listener call with the fake time it happened at. */
    private final class Recorder implements CredentialRefreshListener {
        final List<Optional<Duration>> successes = new CopyOnWriteArrayList<>();
        final List<Optional<Duration>> failureTtls = new CopyOnWriteArrayList<>();
        final List<CredentialException> failures = new CopyOnWriteArrayList<>();
        final List<String> transitions = new CopyOnWriteArrayList<>();

        @Override
        public void refreshSucceeded(String source, Optional<Duration> timeToLive) {
            successes.add(timeToLive);
        }

        @Override
        public void refreshFailed(String source, Optional<Duration> cachedTimeToLive, CredentialException error) {
            failureTtls.add(cachedTimeToLive);
            failures.add(error);
        }

        @Override
        public void breakerStateChanged(String source, BreakerState from, BreakerState to) {
            transitions.add(from + "->" + to + "@" + clock.elapsed().toMillis());
        }
    }

    private RefreshingCredentialProvider.Builder builder(CredentialProvider delegate) {
        return RefreshingCredentialProvider.builder(delegate).clock(clock).executor(executor).random(() -> 0)
                .listener(events);
    }

    private static String secretOf(Credential c) {
        return c.secret().reveal();
    }

    // ---- due times -------------------------------------------------------------------------

    @Test
    void aThousandSecondTokenIsDueAtEightHundredSeconds() {
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        RefreshingCredentialProvider p = builder(source).build();

        assertThat(p.refreshDueAt()).contains(START.plusSeconds(800));
        assertThat(p.expiresAt()).contains(START.plusSeconds(1000));

        clock.advance(Duration.ofMillis(799_999));
        p.current();
        assertThat(executor.pending()).as("not due yet").isZero();
        clock.advance(Duration.ofMillis(1));
        p.current();
        assertThat(executor.pending()).as("due at 800 s").isEqualTo(1);
    }

    @Test
    void aHundredSecondTokenIsDueThirtySecondsBeforeExpiryByTheFloor() {
        RefreshingCredentialProvider p = builder(new ScriptedProvider(clock, Duration.ofSeconds(100))).build();

        // 0.8 × 100 s = 80 s would leave only 20 s; the 30 s floor makes it 70 s.
        assertThat(p.refreshDueAt()).contains(START.plusSeconds(70));
    }

    @Test
    void jitterOnlyMovesTheDueTimeEarlierByAtMostTenPercentOfTheLifetime() {
        for (double r : new double[] {0.0, 0.25, 0.5, 0.75, 0.999, 1.0, 7.0, -1.0, Double.NaN}) {
            RefreshingCredentialProvider longToken = builder(new ScriptedProvider(clock, Duration.ofSeconds(1000)))
                    .random(() -> r).build();
            RefreshingCredentialProvider shortToken = builder(new ScriptedProvider(clock, Duration.ofSeconds(100)))
                    .random(() -> r).build();

            assertThat(longToken.refreshDueAt().orElseThrow()).as("r=%s", r)
                    .isBeforeOrEqualTo(START.plusSeconds(800)).isAfterOrEqualTo(START.plusSeconds(700));
            assertThat(shortToken.refreshDueAt().orElseThrow()).as("r=%s", r)
                    .isBeforeOrEqualTo(START.plusSeconds(70)).isAfterOrEqualTo(START.plusSeconds(60));
        }
        RefreshingCredentialProvider jittered = builder(new ScriptedProvider(clock, Duration.ofSeconds(1000)))
                .random(() -> 0.5).build();
        // 800 s less 0.1 × 0.5 of it.
        assertThat(jittered.refreshDueAt()).contains(START.plusSeconds(760));
    }

    @Test
    void aLifetimeNoLongerThanTheFloorIsRefreshedAtTheFractionRatherThanContinuously() {
        RefreshingCredentialProvider p = builder(new ScriptedProvider(clock, Duration.ofSeconds(20))).build();

        assertThat(p.refreshDueAt()).contains(START.plusSeconds(16));
    }

    @Test
    void aCredentialWithoutExpiryIsNeverRefreshed() {
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ZERO);
        source.script(n -> Credential.of("app", Secret.of(SECRET_MARK + n)));
        RefreshingCredentialProvider p = builder(source).build();

        clock.advance(Duration.ofDays(3650));
        p.current();
        p.refreshIfDue();

        assertThat(executor.pending()).isZero();
        assertThat(source.mints()).isEqualTo(1);
        assertThat(p.refreshDueAt()).isEmpty();
        assertThat(p.timeToLive()).isEmpty();
    }

    @Test
    void aSourceThatAsksToBeRecheckedIsMintedAgainAtItsIntervalWithoutBlocking() {
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ZERO);
        source.script(n -> Credential.of("app", Secret.of(SECRET_MARK + n)));
        source.recheck(Duration.ofSeconds(10));
        RefreshingCredentialProvider p = builder(source).build();
        assertThat(p.refreshDueAt()).contains(START.plusSeconds(10));

        clock.advance(Duration.ofSeconds(10));
        assertThat(secretOf(p.current())).isEqualTo(SECRET_MARK + 1);
        assertThat(executor.runAll()).isEqualTo(1);

        assertThat(secretOf(p.current())).isEqualTo(SECRET_MARK + 2);
        assertThat(p.refreshDueAt()).contains(START.plusSeconds(20));
    }

    @Test
    void refreshNowMintsOnceInTheBackgroundAlthoughTheCredentialIsNotDue() {
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ZERO);
        source.script(n -> Credential.of("app", Secret.of(SECRET_MARK + n)));
        RefreshingCredentialProvider p = builder(source).build();
        assertThat(p.refreshDueAt()).as("no expiry, no recheck: never due").isEmpty();

        p.refreshNow();
        p.refreshNow();
        assertThat(secretOf(p.current())).as("callers never wait for it").isEqualTo(SECRET_MARK + 1);
        assertThat(executor.runAll()).as("single flight").isEqualTo(1);
        assertThat(secretOf(p.current())).isEqualTo(SECRET_MARK + 2);
    }

    // ---- hot path and single flight --------------------------------------------------------

    @Test
    void theFirstMintHappensAtConstructionAndTheDueOneInTheBackground() {
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        RefreshingCredentialProvider p = builder(source).build();
        assertThat(source.mints()).isEqualTo(1);
        assertThat(events.successes).containsExactly(Optional.of(Duration.ofSeconds(1000)));

        clock.advance(Duration.ofSeconds(800));
        assertThat(secretOf(p.current())).as("the cached one, while the refresh is queued").isEqualTo(SECRET_MARK + 1);
        assertThat(secretOf(p.current())).isEqualTo(SECRET_MARK + 1);
        assertThat(executor.pending()).as("one mint, however many callers").isEqualTo(1);

        executor.runAll();
        assertThat(secretOf(p.current())).isEqualTo(SECRET_MARK + 2);
        assertThat(p.expiresAt()).contains(START.plusSeconds(1800));
        assertThat(p.refreshDueAt()).contains(START.plusSeconds(1600));
        assertThat(source.mints()).isEqualTo(2);
    }

    @Test
    void refreshIfDueStartsABackgroundMintOnlyWhenDue() {
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        RefreshingCredentialProvider p = builder(source).build();

        clock.advance(Duration.ofSeconds(799));
        p.refreshIfDue();
        assertThat(executor.pending()).isZero();
        clock.advance(Duration.ofSeconds(1));
        p.refreshIfDue();
        p.refreshIfDue();
        assertThat(executor.runAll()).isEqualTo(1);
        assertThat(source.mints()).isEqualTo(2);
    }

    @Test
    void aThousandConcurrentCallersAcrossTheRefreshPointCauseExactlyOneMintAndNoneWaits() throws Exception {
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        List<Thread> mintThreads = new CopyOnWriteArrayList<>();
        RefreshingCredentialProvider p = RefreshingCredentialProvider.builder(source).clock(clock).random(() -> 0)
                .executor(task -> {
                    Thread t = new Thread(task, "mint");
                    mintThreads.add(t);
                    t.start();
                })
                .build();
        CountDownLatch mintStarted = new CountDownLatch(1);
        CountDownLatch releaseMint = new CountDownLatch(1);
        source.script(n -> {
            mintStarted.countDown();
            await(releaseMint);
            return source.valid(Duration.ofSeconds(1000), n);
        });
        clock.advance(Duration.ofSeconds(800));

        int callers = 1000;
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(callers);
        ConcurrentLinkedQueue<String> served = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < callers; i++) {
            Thread t = new Thread(() -> {
                await(go);
                served.add(secretOf(p.current()));
                done.countDown();
            });
            t.setDaemon(true);
            t.start();
        }
        go.countDown();

        // The mint is held on a latch the test opens only afterwards: a caller that waited for it
        // would never count down.
        assertThat(done.await(60, TimeUnit.SECONDS)).as("all callers returned while the mint was blocked").isTrue();
        assertThat(mintStarted.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(served).hasSize(callers).containsOnly(SECRET_MARK + 1);
        assertThat(mintThreads).as("one background mint").hasSize(1);
        assertThat(source.mints()).as("the first mint and exactly one refresh").isEqualTo(2);

        releaseMint.countDown();
        mintThreads.get(0).join(TimeUnit.SECONDS.toMillis(60));
        assertThat(mintThreads.get(0).isAlive()).isFalse();
        assertThat(secretOf(p.current())).isEqualTo(SECRET_MARK + 2);
        assertThat(source.mints()).isEqualTo(2);
    }

    // ---- failures --------------------------------------------------------------------------

    @Test
    void aTenMinuteOutageIsSeenOnlyAfterExpiryAndTheBreakerBoundsTheMints() {
        Instant outageStart = START.plusSeconds(800);
        Instant outageEnd = outageStart.plus(Duration.ofMinutes(10));
        List<Long> mintTimesMs = new ArrayList<>();
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        source.script(n -> {
            mintTimesMs.add(clock.elapsed().toMillis());
            Instant now = clock.instant();
            if (!now.isBefore(outageStart) && now.isBefore(outageEnd)) {
                throw ScriptedProvider.failure(n);
            }
            return source.valid(Duration.ofSeconds(1000), n);
        });
        RefreshingCredentialProvider p = builder(source).build();
        Instant expiry = START.plusSeconds(1000);

        List<Long> errorTimesMs = new ArrayList<>();
        List<Long> servedTimesMs = new ArrayList<>();
        clock.advance(Duration.ofSeconds(799));
        while (clock.instant().isBefore(START.plusSeconds(1500))) {
            clock.advance(Duration.ofMillis(100));
            try {
                p.current();
                servedTimesMs.add(clock.elapsed().toMillis());
            } catch (CredentialException e) {
                errorTimesMs.add(clock.elapsed().toMillis());
                assertThat(clock.instant()).as("errors only once the credential expired").isAfterOrEqualTo(expiry);
                assertThat(e.getMessage()).contains("expired at " + expiry).doesNotContain(SECRET_MARK);
            }
            executor.runAll();
        }

        // Four backoffs (0.1 + 0.2 + 0.4 + 0.8 s) bring the 5th failure, which opens the breaker, to
        // 801.5 s. Then one probe per 60 s cooldown (861.5, 921.5 s), but the breaker never holds past
        // expiry - floor (970 s) while the cached credential is valid: mints at the backoff's pace
        // (970, 980, 990 s). After expiry the cooldown rules again: 1050 ... 1350 s fail, 1410 s succeeds.
        List<Long> expected = new ArrayList<>(List.of(0L, 800_000L, 800_100L, 800_300L, 800_700L, 801_500L,
                861_500L, 921_500L, 970_000L, 980_000L, 990_000L));
        for (long t = 1_050_000; t <= 1_410_000; t += 60_000) {
            expected.add(t);
        }
        assertThat(mintTimesMs).containsExactlyElementsOf(expected);
        assertThat(events.failures).hasSize(16);
        assertThat(source.mints()).isEqualTo(18);

        // Served throughout the validity, refused exactly from expiry until the successful probe.
        assertThat(errorTimesMs).hasSize(4100);
        assertThat(errorTimesMs.get(0)).isEqualTo(1_000_000L);
        assertThat(errorTimesMs.get(errorTimesMs.size() - 1)).isEqualTo(1_409_900L);
        assertThat(servedTimesMs).contains(999_900L, 1_410_000L);

        assertThat(events.failureTtls.get(0)).contains(Duration.ofSeconds(200));
        assertThat(events.failureTtls.get(events.failureTtls.size() - 1)).contains(Duration.ZERO);
        assertThat(events.transitions.get(0)).isEqualTo("CLOSED->OPEN@801500");
        assertThat(events.transitions).hasSize(1 + 2 * 9 + 2)
                .endsWith("OPEN->HALF_OPEN@1410000", "HALF_OPEN->CLOSED@1410000");
        assertThat(Collections.frequency(events.transitions.stream().map(s -> s.replaceAll("@.*", "")).toList(),
                "HALF_OPEN->OPEN")).isEqualTo(9);
        assertThat(p.breakerState()).isEqualTo(BreakerState.CLOSED);
        assertThat(p.expiresAt()).contains(START.plusMillis(1_410_000).plusSeconds(1000));
    }

    @Test
    void aFortySecondSourceOutageWithSixtySecondCredentialsCausesNoCallerError() {
        Duration down = Duration.ofSeconds(40);
        List<Long> mintTimesMs = new ArrayList<>();
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ofSeconds(60));
        source.script(n -> {
            mintTimesMs.add(clock.elapsed().toMillis());
            if (n > 1 && clock.elapsed().compareTo(down) < 0) {
                throw ScriptedProvider.failure(n); // the command fails from just after the first mint for 40 s
            }
            return source.valid(Duration.ofSeconds(60), n);
        });
        RefreshingCredentialProvider p = builder(source).build();
        int errors = 0;
        while (clock.elapsed().compareTo(Duration.ofSeconds(120)) < 0) {
            clock.advance(Duration.ofMillis(100));
            try {
                p.current();
            } catch (CredentialException e) {
                errors++;
            }
            executor.runAll();
        }
        assertThat(errors).as("caller errors").isZero();
        assertThat(events.transitions).as("the breaker did open").contains("CLOSED->OPEN@31500");
        // opened at 31.5 s, past expiry - floor (30 s): mints continue at the backoff's pace, and the
        // first one after the source is back succeeds, long before the 60 s credential expires
        long recovered = mintTimesMs.stream().filter(t -> t >= down.toMillis()).findFirst().orElseThrow();
        assertThat(recovered).isLessThan(down.toMillis() + 10_000);
        assertThat(p.breakerState()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void failedMintsBackOffExponentiallyFromAHundredMillisecondsToTenSeconds() {
        List<Long> mintTimesMs = new ArrayList<>();
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        source.script(n -> {
            mintTimesMs.add(clock.elapsed().toMillis());
            if (n == 1) {
                return source.valid(Duration.ofSeconds(1000), n);
            }
            throw ScriptedProvider.failure(n);
        });
        RefreshingCredentialProvider p = builder(source).breakerThreshold(100).build();

        clock.advance(Duration.ofSeconds(799));
        while (clock.instant().isBefore(START.plusSeconds(845))) {
            clock.advance(Duration.ofMillis(100));
            p.current();
            executor.runAll();
        }

        List<Long> gaps = new ArrayList<>();
        for (int i = 2; i < mintTimesMs.size(); i++) {
            gaps.add(mintTimesMs.get(i) - mintTimesMs.get(i - 1));
        }
        assertThat(gaps).startsWith(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 10_000L, 10_000L, 10_000L);
        assertThat(gaps).allMatch(g -> g <= 10_000L);
        assertThat(p.breakerState()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void backoffJitterOnlyShortensTheWait() {
        List<Long> mintTimesMs = new ArrayList<>();
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        source.script(n -> {
            mintTimesMs.add(clock.elapsed().toMillis());
            if (n == 1) {
                return source.valid(Duration.ofSeconds(1000), n);
            }
            throw ScriptedProvider.failure(n);
        });
        RefreshingCredentialProvider p = builder(source).random(() -> 0.5).build();

        clock.advance(Duration.ofSeconds(759));
        while (clock.instant().isBefore(START.plusSeconds(761))) {
            clock.advance(Duration.ofMillis(10));
            p.current();
            executor.runAll();
        }

        // Due at 760 s (jittered), then 100 ms and 200 ms less 0.2 × 0.5 of each.
        assertThat(mintTimesMs).startsWith(0L, 760_000L, 760_090L, 760_270L);
    }

    @Test
    void aCredentialAlreadyExpiredWhenMintedCountsAsAFailure() {
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        RefreshingCredentialProvider p = builder(source).build();
        source.script(n -> Credential.expiring("app", Secret.of(SECRET_MARK + n), clock.instant()));

        clock.advance(Duration.ofSeconds(800));
        p.current();
        executor.runAll();

        assertThat(events.failures).singleElement().satisfies(e ->
                assertThat(e.getMessage()).contains("already expired").doesNotContain(SECRET_MARK));
        assertThat(secretOf(p.current())).as("the valid cached one is kept").isEqualTo(SECRET_MARK + 1);
    }

    @Test
    void theFirstMintFailsConstructionSoMisconfigurationShowsAtStart() {
        ScriptedProvider failing = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        failing.script(n -> {
            throw ScriptedProvider.failure(n);
        });
        assertThatThrownBy(() -> builder(failing).build())
                .isInstanceOf(CredentialException.class)
                .hasMessage("the first credential from scripted could not be minted: token service unavailable (attempt 1)");

        ScriptedProvider expired = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        expired.script(n -> Credential.expiring("app", Secret.of(SECRET_MARK), clock.instant().minusSeconds(1)));
        assertThatThrownBy(() -> builder(expired).build())
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("had already expired at " + START.minusSeconds(1));
    }

    @Test
    void anExpiredCallerWaitsForTheMintInFlightInsteadOfStartingAnother() throws Exception {
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        RefreshingCredentialProvider p = builder(source).build();
        clock.advance(Duration.ofSeconds(800));
        p.current();
        assertThat(executor.pending()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(250));

        AtomicReference<String> got = new AtomicReference<>();
        Thread caller = new Thread(() -> got.set(secretOf(p.current())));
        caller.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (caller.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(caller.getState()).as("parked on the mint in flight").isEqualTo(Thread.State.WAITING);

        executor.runAll();
        caller.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(got.get()).isEqualTo(SECRET_MARK + 2);
        assertThat(source.mints()).isEqualTo(2);
    }

    @Test
    void anExpiredCallerWithNoMintInFlightMintsOnItsOwnThread() {
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        RefreshingCredentialProvider p = builder(source).build();
        clock.advance(Duration.ofSeconds(1100));

        assertThat(secretOf(p.current())).isEqualTo(SECRET_MARK + 2);
        assertThat(executor.pending()).isZero();
    }

    @Test
    void anExpiredCredentialWithAFailingMintReachesTheCallerWithTheCause() {
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        RefreshingCredentialProvider p = builder(source).build();
        source.script(n -> {
            throw ScriptedProvider.failure(n);
        });
        clock.advance(Duration.ofSeconds(1000));

        assertThatThrownBy(p::current)
                .isInstanceOf(CredentialException.class)
                .hasMessage("the credential from scripted expired at " + START.plusSeconds(1000)
                        + " and no new one is available; the new mint failed: token service unavailable (attempt 2)")
                .cause().hasMessage("token service unavailable (attempt 2)");

        // During the backoff the caller is refused at once, without another mint.
        assertThatThrownBy(p::current).isInstanceOf(CredentialException.class)
                .hasMessageContaining("the next attempt is not before " + START.plusSeconds(1000).plusMillis(100));
        assertThat(source.mints()).isEqualTo(2);
    }

    @Test
    void aForeignExceptionIsNamedByTypeOnlySoItsMessageCannotLeakTheSecret() {
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        RefreshingCredentialProvider p = builder(source).build();
        source.script(n -> {
            throw new IllegalStateException("bad response: password=" + SECRET_MARK);
        });
        clock.advance(Duration.ofSeconds(800));
        p.current();
        executor.runAll();

        assertThat(events.failures).singleElement().satisfies(e ->
                assertThat(e.getMessage()).isEqualTo("scripted failed: java.lang.IllegalStateException"));
    }

    @Test
    void aRejectedBackgroundMintCountsAsAFailureAndKeepsServing() {
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        RefreshingCredentialProvider p = RefreshingCredentialProvider.builder(source).clock(clock).random(() -> 0)
                .listener(events)
                .executor(task -> {
                    throw new RejectedExecutionException("queue full");
                })
                .build();
        clock.advance(Duration.ofSeconds(800));

        assertThat(secretOf(p.current())).isEqualTo(SECRET_MARK + 1);
        assertThat(events.failures).singleElement().satisfies(e ->
                assertThat(e.getMessage()).contains("the executor rejected it"));
        assertThat(source.mints()).isEqualTo(1);
    }

    @Test
    void aThrowingListenerDoesNotBreakRefreshing() {
        ScriptedProvider source = new ScriptedProvider(clock, Duration.ofSeconds(1000));
        RefreshingCredentialProvider p = builder(source).listener(new CredentialRefreshListener() {
            @Override
            public void refreshSucceeded(String s, Optional<Duration> ttl) {
                throw new IllegalStateException("listener bug");
            }
        }).build();
        clock.advance(Duration.ofSeconds(800));
        p.current();
        executor.runAll();

        assertThat(secretOf(p.current())).isEqualTo(SECRET_MARK + 2);
        assertThat(events.successes).hasSize(2);
    }

    // ---- builder ---------------------------------------------------------------------------

    @Test
    void theBuilderValidatesEachSettingAndQuotesTheValue() {
        RefreshingCredentialProvider.Builder b = builder(new ScriptedProvider(clock, Duration.ofSeconds(1000)));

        assertThatThrownBy(() -> b.refreshAt(1.5)).isInstanceOf(InvalidInputException.class).hasMessageEndingWith(": 1.5");
        assertThatThrownBy(() -> b.refreshAt(0)).isInstanceOf(InvalidInputException.class).hasMessageEndingWith(": 0.0");
        assertThatThrownBy(() -> b.maxJitter(0.7)).isInstanceOf(InvalidInputException.class).hasMessageEndingWith(": 0.7");
        assertThatThrownBy(() -> b.floor(Duration.ofSeconds(-1))).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(": PT-1S");
        assertThatThrownBy(() -> b.backoffInitial(Duration.ZERO)).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(": PT0S");
        assertThatThrownBy(() -> b.breakerThreshold(0)).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(": 0");
        assertThatThrownBy(() -> b.breakerCooldown(Duration.ZERO)).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(": PT0S");
        assertThatThrownBy(() -> b.name(" ")).isInstanceOf(InvalidInputException.class).hasMessageEndingWith(": ' '");
        assertThatThrownBy(() -> b.meterRegistry(new Object())).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(": java.lang.Object");

        b.backoffInitial(Duration.ofSeconds(20));
        assertThatThrownBy(b::build).isInstanceOf(InvalidInputException.class)
                .hasMessage("credentials backoffMax must be at least backoffInitial (PT20S): PT10S");
        RefreshingCredentialProvider p = b.backoffMax(Duration.ofSeconds(60)).name("tenant acme").build();
        assertThat(p.name()).isEqualTo("tenant acme");
        assertThat(p.toString()).contains("tenant acme").doesNotContain(SECRET_MARK);
    }

    // ---- optional Micrometer ---------------------------------------------------------------

    @Test
    void worksWithoutMicrometerOnTheClasspath() throws Exception {
        URL[] urls = {
            location(RefreshingCredentialProvider.class), // store-core
            location(Credential.class), // store-api
            location(NullMarked.class), // jspecify
            location(LoggerFactory.class), // slf4j-api (no binding: it falls back to no-op)
        };
        try (URLClassLoader isolated = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> isolated.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);

            Class<?> secretType = isolated.loadClass("io.tenantstore.Secret");
            Class<?> providerType = isolated.loadClass("io.tenantstore.spi.CredentialProvider");
            Class<?> staticType = isolated.loadClass("io.tenantstore.core.credential.StaticCredentialProvider");
            Class<?> refreshingType = isolated.loadClass("io.tenantstore.core.credential.RefreshingCredentialProvider");
            Object secret = secretType.getMethod("of", String.class).invoke(null, SECRET_MARK);
            Object source = staticType.getMethod("of", String.class, secretType).invoke(null, "app", secret);
            Object builder = refreshingType.getMethod("builder", providerType).invoke(null, source);
            Method meterRegistry = builder.getClass().getMethod("meterRegistry", Object.class);
            assertThatThrownBy(() -> meterRegistry.invoke(builder, new Object()))
                    .isInstanceOf(InvocationTargetException.class)
                    .cause().hasMessageContaining("io.micrometer.core.instrument.MeterRegistry");

            Object provider = builder.getClass().getMethod("build").invoke(builder);
            Object credential = refreshingType.getMethod("current").invoke(provider);
            assertThat(credential.getClass().getMethod("username").invoke(credential)).isEqualTo("app");
            assertThat(credential.getClass().getClassLoader()).isSameAs(isolated);
        }
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.tenantstore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.PasswordHasher;
import io.tenantstore.Secret;
import io.tenantstore.UnavailableException;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.core.support.ProbingBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PoolRegistryTest {
    private static final PasswordHasher HASHER = new PasswordHasher() {
        @Override
        public String hash(char[] password) {
            return new String(password);
        }

        @Override
        public boolean verify(char[] password, String encoded) {
            return encoded.equals(new String(password));
        }
    };

    private final FakeClock clock = new FakeClock();
    private final FakeAdapter adapter = new FakeAdapter("fake");
    private final List<PoolRegistry.Pool> evicted = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(64);

    private PoolRegistry registry(int maxPools) {
        return new PoolRegistry(cfg -> adapter.connect(new AdapterConfig(cfg, clock, Runnable::run, HASHER, List.of())),
                clock, maxPools, Duration.ofMinutes(10), evicted::add);
    }

    private static DbConfig db(String url) {
        return DbConfig.of("fake", url);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void sixtyFourConcurrentColdCallersCauseOneConnect() throws Exception {
        PoolRegistry registry = registry(10);
        adapter.connectGate = new CountDownLatch(1);
        CyclicBarrier start = new CyclicBarrier(64);
        AtomicInteger arrived = new AtomicInteger();
        List<Future<PoolRegistry.Pool>> results = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            results.add(threads.submit(() -> {
                start.await();
                arrived.incrementAndGet();
                return registry.acquire(db("fake://one"));
            }));
        }
        // Hold the one connect until every caller has passed the barrier and is inside acquire.
        assertThat(adapter.connectEntered.await(10, TimeUnit.SECONDS)).isTrue();
        while (arrived.get() < 64) {
            Thread.onSpinWait();
        }
        adapter.connectGate.countDown();
        Set<PoolRegistry.Pool> pools = ConcurrentHashMap.newKeySet();
        for (Future<PoolRegistry.Pool> f : results) {
            pools.add(f.get(10, TimeUnit.SECONDS));
        }
        assertThat(adapter.connects.get()).isEqualTo(1);
        assertThat(pools).hasSize(1);
        assertThat(registry.stats()).singleElement().satisfies(s -> assertThat(s.tenants()).isEqualTo(64));
    }

    @Test
    void aFailedCreateIsNotCachedAndTheNextCallerConnects() {
        PoolRegistry registry = registry(10);
        adapter.failNextConnects.set(1);
        assertThatThrownBy(() -> registry.acquire(db("fake://flaky")))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("refused");
        PoolRegistry.Pool pool = registry.acquire(db("fake://flaky"));
        assertThat(pool.connection()).isNotNull();
        assertThat(adapter.connects.get()).isEqualTo(2);
    }

    @Test
    void waitersOfAFailedCreateAllSeeTheFailure() throws Exception {
        PoolRegistry registry = registry(10);
        adapter.connectGate = new CountDownLatch(1);
        adapter.failNextConnects.set(1);
        Future<?> first = threads.submit(() -> registry.acquire(db("fake://down")));
        assertThat(adapter.connectEntered.await(10, TimeUnit.SECONDS)).isTrue();
        List<Throwable> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread waiter = new Thread(() -> {
            try {
                registry.acquire(db("fake://down"));
            } catch (RuntimeException e) {
                seen.add(e);
            }
        });
        waiter.start();
        // The waiter parks on the in-flight attempt's future; only then let the attempt fail.
        while (waiter.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        adapter.connectGate.countDown();
        waiter.join(10_000);
        assertThatThrownBy(first::get).hasCauseInstanceOf(UnavailableException.class);
        assertThat(seen).singleElement().isInstanceOf(UnavailableException.class);
        assertThat(adapter.connects.get()).isEqualTo(1);
    }

    @Test
    void schemaAndSharedTenantsOfOneServerShareAPool() {
        PoolRegistry registry = registry(10);
        PoolRegistry.Pool a = registry.acquire(DbConfig.builder("fake", "fake://srv").isolation(Isolation.SCHEMA)
                .schema("t_a").build());
        PoolRegistry.Pool b = registry.acquire(DbConfig.builder("fake", "fake://srv").isolation(Isolation.SHARED).build());
        PoolRegistry.Pool other = registry.acquire(DbConfig.builder("fake", "fake://srv").username("other").build());
        assertThat(a).isSameAs(b);
        assertThat(other).isNotSameAs(a);
        assertThat(adapter.connects.get()).isEqualTo(2);
    }

    @Test
    void differentPasswordsForOneUserGetDifferentPools() {
        PoolRegistry registry = registry(10);
        PoolRegistry.Pool a = registry.acquire(DbConfig.builder("fake", "fake://srv").username("u")
                .password(Secret.of("one")).build());
        PoolRegistry.Pool b = registry.acquire(DbConfig.builder("fake", "fake://srv").username("u")
                .password(Secret.of("two")).build());
        assertThat(a).isNotSameAs(b);
        assertThat(a.key().toString()).doesNotContain("one").isEqualTo("fake:fake://srv as u");
    }

    @Test
    void idlePoolIsClosedOnlyAfterTheIdleTimeoutAndWhenUnheld() {
        PoolRegistry registry = registry(10);
        PoolRegistry.Pool pool = registry.acquire(db("fake://idle"));
        clock.advance(Duration.ofMinutes(30));
        registry.maintain();
        assertThat(adapter.connections.get(0).closed).as("held pools stay open").isFalse();

        pool.release();
        clock.advance(Duration.ofMinutes(9));
        registry.maintain();
        assertThat(adapter.connections.get(0).closed).as("unheld for less than the idle timeout").isFalse();

        pool.touch(clock.instant().minus(Duration.ofMinutes(10)));
        registry.maintain();
        assertThat(adapter.connections.get(0).closed).isTrue();
        assertThat(pool.isClosed()).isTrue();
        assertThat(registry.stats()).isEmpty();
        assertThat(registry.evictions()).isEqualTo(1);
        assertThat(evicted).containsExactly(pool);
    }

    @Test
    void failedHealthCheckEvictsAHeldPoolAndTheNextCallReconnects() {
        PoolRegistry registry = registry(10);
        PoolRegistry.Pool pool = registry.acquire(db("fake://sick"));
        adapter.connections.get(0).healthy = false;
        registry.maintain();
        assertThat(adapter.connections.get(0).closed).isTrue();
        assertThat(pool.isClosed()).isTrue();
        assertThat(evicted).containsExactly(pool);

        PoolRegistry.Pool again = registry.acquire(db("fake://sick"));
        assertThat(again).isNotSameAs(pool);
        assertThat(adapter.connects.get()).isEqualTo(2);
    }

    @Test
    void breakerOpensAfterRepeatedConnectFailuresAndItsProbeReopensWithoutACooldown() {
        ManualProbes probes = new ManualProbes();
        PoolRegistry registry = new PoolRegistry(
                cfg -> adapter.connect(new AdapterConfig(cfg, clock, Runnable::run, HASHER, List.of())),
                clock, 10, Duration.ofMinutes(10), evicted::add, probes);
        adapter.failNextConnects.set(PoolRegistry.BREAKER_THRESHOLD + 1);
        for (int i = 0; i < PoolRegistry.BREAKER_THRESHOLD; i++) {
            assertThatThrownBy(() -> registry.acquire(db("fake://down"))).isInstanceOf(UnavailableException.class);
        }
        assertThatThrownBy(() -> registry.acquire(db("fake://down")))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.BREAKER_OPEN))
                .hasMessageContaining("fake://down");
        assertThat(adapter.connects.get()).isEqualTo(PoolRegistry.BREAKER_THRESHOLD);
        assertThat(probes.repeating).hasSize(1);

        probes.runRepeating(); // the server is still down: the probe fails, the breaker stays open
        assertThat(registry.breakerStates().values()).containsOnly(CircuitBreaker.State.OPEN);
        probes.runRepeating(); // it answers: the probe opens the pool and closes the breaker, no cooldown
        assertThat(registry.breakerStates().values()).containsOnly(CircuitBreaker.State.CLOSED);
        int connects = adapter.connects.get();
        assertThat(registry.acquire(db("fake://down")).connection()).isNotNull();
        assertThat(adapter.connects.get()).as("the probe's pool serves the next caller").isEqualTo(connects);
        assertThat(probes.repeating).as("probing stops once closed").isEmpty();
    }

    /** Runs probes when the test says so. */
    static final class ManualProbes implements ProbingBreaker.ProbeScheduler {
        final List<Runnable> repeating = new ArrayList<>();
        final List<Runnable> once = new ArrayList<>();

        @Override
        public Runnable repeat(Runnable task, Duration interval) {
            repeating.add(task);
            return () -> repeating.remove(task);
        }

        @Override
        public void once(Runnable task) {
            once.add(task);
        }

        void runRepeating() {
            List.copyOf(repeating).forEach(Runnable::run);
        }
    }

    @Test
    void budgetEvictsAnUnheldPoolAndRefusesWhenEveryPoolIsHeld() {
        PoolRegistry registry = registry(1);
        PoolRegistry.Pool a = registry.acquire(db("fake://a"));
        assertThatThrownBy(() -> registry.acquire(db("fake://b")))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.POOL_BUDGET_EXHAUSTED))
                .hasMessageContaining("maxPools 1");
        a.release();
        PoolRegistry.Pool b = registry.acquire(db("fake://b"));
        assertThat(a.isClosed()).isTrue();
        assertThat(b.isClosed()).isFalse();
        assertThat(registry.stats()).extracting(s -> s.key()).containsExactly("fake:fake://b");
    }

    @Test
    void closingTheRegistryWhileAPoolIsOpeningClosesThatPoolToo() throws Exception {
        PoolRegistry registry = registry(10);
        adapter.connectGate = new CountDownLatch(1);
        Future<PoolRegistry.Pool> opening = threads.submit(() -> registry.acquire(db("fake://slow")));
        assertThat(adapter.connectEntered.await(10, TimeUnit.SECONDS)).isTrue();
        registry.close();
        adapter.connectGate.countDown();
        assertThatThrownBy(opening::get).hasCauseInstanceOf(UnavailableException.class);
        assertThat(adapter.connections).singleElement().satisfies(c -> assertThat(c.closed).isTrue());
    }

    @Test
    void closeClosesEveryPoolAndRefusesNewOnes() {
        PoolRegistry registry = registry(10);
        registry.acquire(db("fake://x"));
        registry.close();
        assertThat(adapter.connections.get(0).closed).isTrue();
        assertThatThrownBy(() -> registry.acquire(db("fake://x")))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.CLOSED));
    }
}

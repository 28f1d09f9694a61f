package io.tenantstore.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import io.tenantstore.InvalidInputException;
import io.tenantstore.repository.TenantCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TenantCache} must show, whatever keeps the entries (in memory, a
 * Redis server). A cache module extends this class and supplies the cache and a way to let time
 * pass. Each test uses fresh tenant ids, so a shared server only needs a key prefix of its own.
 * Not thread-safe (one instance per test, as JUnit makes them).
 */
public abstract class TenantCacheConformanceSuite {
    private final List<TenantCache> used = new ArrayList<>();

    /**
     * @param tenantId a tenant id, fresh for each test
     * @return that tenant's cache
     */
    protected abstract TenantCache cacheFor(String tenantId);

    /**
     * @return a ttl short enough to wait out in a test, long enough that an entry is still live
     *         right after it was written
     */
    protected abstract Duration shortTtl();

    /**
     * Lets {@code ttl} pass: advances a fake clock, or waits (polling {@code expired}, bounded)
     * on a cache whose server keeps time.
     *
     * @param ttl     the time to let pass
     * @param expired true once the entry written with {@code ttl} is gone
     */
    protected abstract void awaitExpiry(Duration ttl, BooleanSupplier expired);

    private TenantCache tenant() {
        TenantCache c = cacheFor(UUID.randomUUID().toString());
        used.add(c);
        return c;
    }

    /** Called after each test, once its entries are removed: closes what {@link #cacheFor} opened. */
    protected abstract void close();

    /** Removes what the test wrote (the cache may be a server other tests share), then closes. */
    @AfterEach
    void cleanUp() {
        try {
            for (TenantCache c : used) {
                c.deleteByPrefix("");
            }
        } finally {
            close();
        }
    }

    @Test
    void setGetExistsAndDeleteRoundTrip() {
        TenantCache a = tenant();
        assertThat(a.get("k")).isEmpty();
        assertThat(a.exists("k")).isFalse();
        a.set("k", "välue ✓ \"quoted\" \n line", Duration.ofMinutes(1));
        assertThat(a.get("k")).contains("välue ✓ \"quoted\" \n line");
        assertThat(a.exists("k")).isTrue();
        a.set("k", "", Duration.ofMinutes(1));
        assertThat(a.get("k")).contains("");
        assertThat(a.delete("k")).isTrue();
        assertThat(a.delete("k")).isFalse();
        assertThat(a.get("k")).isEmpty();
    }

    @Test
    void entriesExpireAfterTheirOwnTtl() {
        TenantCache a = tenant();
        Duration ttl = shortTtl();
        a.set("short", "1", ttl);
        a.set("long", "2", Duration.ofMinutes(10));
        assertThat(a.get("short")).contains("1");
        awaitExpiry(ttl, () -> a.get("short").isEmpty());
        assertThat(a.get("short")).isEmpty();
        assertThat(a.exists("short")).isFalse();
        assertThat(a.getAndDelete("short")).isEmpty();
        assertThat(a.get("long")).contains("2");
    }

    @Test
    void keysOfTwoTenantsNeverCollide() {
        TenantCache a = tenant();
        TenantCache b = tenant();
        a.set("k", "from-a", Duration.ofMinutes(1));
        b.set("k", "from-b", Duration.ofMinutes(1));
        assertThat(a.get("k")).contains("from-a");
        assertThat(b.get("k")).contains("from-b");
        assertThat(b.delete("k")).isTrue();
        assertThat(a.get("k")).contains("from-a");
        assertThat(b.setIfAbsent("k", "b-again", Duration.ofMinutes(1))).isTrue();
        assertThat(b.getAndDelete("k")).contains("b-again");
        assertThat(b.deleteByPrefix("")).isZero();
        assertThat(a.exists("k")).isTrue();
    }

    @Test
    void setIfAbsentStoresOnlyWhenNoLiveEntryExists() {
        TenantCache a = tenant();
        Duration ttl = shortTtl();
        assertThat(a.setIfAbsent("lock", "1", ttl)).isTrue();
        assertThat(a.setIfAbsent("lock", "2", ttl)).isFalse();
        assertThat(a.get("lock")).contains("1");
        awaitExpiry(ttl, () -> !a.exists("lock"));
        assertThat(a.setIfAbsent("lock", "3", Duration.ofMinutes(1))).isTrue();
        assertThat(a.get("lock")).contains("3");
    }

    @Test
    void setReplacesTheValueAndTheTtl() {
        TenantCache a = tenant();
        Duration ttl = shortTtl();
        a.set("k", "old", Duration.ofMinutes(10));
        a.set("k", "new", ttl);
        assertThat(a.get("k")).contains("new");
        awaitExpiry(ttl, () -> !a.exists("k"));
        assertThat(a.get("k")).isEmpty();
    }

    @Test
    void getAndDeleteReturnsTheValueOnce() {
        TenantCache a = tenant();
        assertThat(a.getAndDelete("code")).isEmpty();
        a.set("code", "123456", Duration.ofMinutes(1));
        assertThat(a.getAndDelete("code")).contains("123456");
        assertThat(a.getAndDelete("code")).isEmpty();
        assertThat(a.exists("code")).isFalse();
    }

    @Test
    void setIfAbsentAndGetAndDeleteHaveOneWinnerUnderConcurrency() throws Exception {
        TenantCache a = tenant();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                String key = "once-" + round;
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<Boolean>> sets = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    String v = "v" + i;
                    sets.add(pool.submit(() -> {
                        start.await();
                        return a.setIfAbsent(key, v, Duration.ofMinutes(1));
                    }));
                }
                int winners = 0;
                for (Future<Boolean> f : sets) {
                    winners += f.get() ? 1 : 0;
                }
                assertThat(winners).as("setIfAbsent winners of %s", key).isEqualTo(1);

                CyclicBarrier again = new CyclicBarrier(threads);
                List<Future<Boolean>> takes = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    takes.add(pool.submit(() -> {
                        again.await();
                        return a.getAndDelete(key).isPresent();
                    }));
                }
                int takers = 0;
                for (Future<Boolean> f : takes) {
                    takers += f.get() ? 1 : 0;
                }
                assertThat(takers).as("getAndDelete takers of %s", key).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deleteByPrefixRemovesOnlyMatchingLiveKeysOfTheTenant() {
        TenantCache a = tenant();
        TenantCache b = tenant();
        a.set("session:1", "x", Duration.ofMinutes(1));
        a.set("session:2", "x", Duration.ofMinutes(1));
        a.set("other", "x", Duration.ofMinutes(1));
        a.set("sess", "x", Duration.ofMinutes(1));
        b.set("session:1", "x", Duration.ofMinutes(1));
        assertThat(a.deleteByPrefix("session:")).isEqualTo(2);
        assertThat(a.exists("session:1")).isFalse();
        assertThat(a.exists("other")).isTrue();
        assertThat(a.exists("sess")).isTrue();
        assertThat(b.exists("session:1")).isTrue();
        assertThat(a.deleteByPrefix("")).isEqualTo(2);
        assertThat(a.exists("other")).isFalse();
        assertThat(b.exists("session:1")).isTrue();
    }

    @Test
    void deleteByPrefixTakesGlobCharactersLiterally() {
        TenantCache a = tenant();
        for (String k : List.of("a*b:1", "a*bc", "axb:1", "a?c", "abc", "[ab]1", "a1", "\\x", "x")) {
            a.set(k, "v", Duration.ofMinutes(1));
        }
        assertThat(a.deleteByPrefix("a*")).isEqualTo(2);
        assertThat(a.exists("axb:1")).isTrue();
        assertThat(a.deleteByPrefix("a?")).isEqualTo(1);
        assertThat(a.exists("abc")).isTrue();
        assertThat(a.deleteByPrefix("[ab]")).isEqualTo(1);
        assertThat(a.exists("a1")).isTrue();
        assertThat(a.deleteByPrefix("\\")).isEqualTo(1);
        assertThat(a.exists("x")).isTrue();
    }

    @Test
    void deleteByPrefixRemovesManyKeysAndCountsThem() {
        TenantCache a = tenant();
        for (int i = 0; i < 2500; i++) {
            a.set("bulk:" + i, "v", Duration.ofMinutes(1));
        }
        a.set("keep", "v", Duration.ofMinutes(1));
        assertThat(a.deleteByPrefix("bulk:")).isEqualTo(2500);
        assertThat(a.exists("bulk:0")).isFalse();
        assertThat(a.exists("bulk:2499")).isFalse();
        assertThat(a.exists("keep")).isTrue();
    }

    @Test
    void badInputIsRejectedAndNothingIsStored() {
        TenantCache a = tenant();
        assertThatThrownBy(() -> a.set("", "x", Duration.ofMinutes(1))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> a.set(null, "x", Duration.ofMinutes(1))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> a.set("k", "x", Duration.ZERO)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> a.setIfAbsent("k", "x", Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> a.set("k".repeat(513), "x", Duration.ofMinutes(1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("513");
        assertThatThrownBy(() -> a.set("k", "x", Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 3650 days");
        assertThatThrownBy(() -> a.set("k", null, Duration.ofMinutes(1))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> a.set("k", "x".repeat((1 << 20) + 1), Duration.ofMinutes(1)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> a.deleteByPrefix(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> a.get("")).isInstanceOf(InvalidInputException.class);
        assertThat(a.exists("k")).isFalse();
    }

    @Test
    void aSubMillisecondTtlStillStoresTheEntry() {
        TenantCache a = tenant();
        assertThat(a.setIfAbsent("tiny", "v", Duration.ofNanos(1))).isTrue();
        // Rounded up to a whole millisecond, never to zero (which a server would refuse).
        awaitExpiry(Duration.ofMillis(1), () -> !a.exists("tiny"));
        assertThat(a.exists("tiny")).isFalse();
    }
}

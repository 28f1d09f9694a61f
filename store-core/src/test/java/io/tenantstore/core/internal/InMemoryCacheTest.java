package io.tenantstore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tenantstore.InvalidInputException;
import io.tenantstore.repository.TenantCache;
import org.junit.jupiter.api.Test;

class InMemoryCacheTest {
    private final FakeClock clock = new FakeClock();
    private final InMemoryCache cache = new InMemoryCache(clock, 1000);
    private final TenantCache a = cache.forTenant("tenant-a");
    private final TenantCache b = cache.forTenant("tenant-b");

    @Test
    void entriesExpireAfterTheirOwnTtl() {
        a.set("short", "1", Duration.ofSeconds(10));
        a.set("long", "2", Duration.ofMinutes(10));
        clock.advance(Duration.ofSeconds(9));
        assertThat(a.get("short")).contains("1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(a.get("short")).isEmpty();
        assertThat(a.exists("short")).isFalse();
        assertThat(a.get("long")).contains("2");
    }

    @Test
    void keysOfTwoTenantsNeverCollide() {
        a.set("k", "from-a", Duration.ofMinutes(1));
        b.set("k", "from-b", Duration.ofMinutes(1));
        assertThat(a.get("k")).contains("from-a");
        assertThat(b.get("k")).contains("from-b");
        assertThat(b.delete("k")).isTrue();
        assertThat(a.get("k")).contains("from-a");
        assertThat(b.deleteByPrefix("")).isZero();
        assertThat(a.exists("k")).isTrue();
    }

    @Test
    void setIfAbsentTreatsAnExpiredEntryAsAbsent() {
        assertThat(a.setIfAbsent("lock", "1", Duration.ofSeconds(5))).isTrue();
        assertThat(a.setIfAbsent("lock", "2", Duration.ofSeconds(5))).isFalse();
        clock.advance(Duration.ofSeconds(5));
        assertThat(a.setIfAbsent("lock", "3", Duration.ofSeconds(5))).isTrue();
        assertThat(a.get("lock")).contains("3");
    }

    @Test
    void setIfAbsentAndGetAndDeleteHaveOneWinnerUnderConcurrency() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CyclicBarrier start = new CyclicBarrier(16);
            List<Future<Boolean>> sets = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String v = "v" + i;
                sets.add(pool.submit(() -> {
                    start.await();
                    return a.setIfAbsent("once", v, Duration.ofMinutes(1));
                }));
            }
            int winners = 0;
            for (Future<Boolean> f : sets) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);

            CyclicBarrier again = new CyclicBarrier(16);
            List<Future<Boolean>> takes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                takes.add(pool.submit(() -> {
                    again.await();
                    return a.getAndDelete("once").isPresent();
                }));
            }
            int takers = 0;
            for (Future<Boolean> f : takes) {
                takers += f.get() ? 1 : 0;
            }
            assertThat(takers).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deleteByPrefixRemovesOnlyMatchingLiveKeysOfTheTenant() {
        a.set("session:1", "x", Duration.ofMinutes(1));
        a.set("session:2", "x", Duration.ofMinutes(1));
        a.set("other", "x", Duration.ofMinutes(1));
        b.set("session:1", "x", Duration.ofMinutes(1));
        assertThat(a.deleteByPrefix("session:")).isEqualTo(2);
        assertThat(a.exists("other")).isTrue();
        assertThat(b.exists("session:1")).isTrue();
    }

    @Test
    void badInputIsRejectedAndNothingIsStored() {
        assertThatThrownBy(() -> a.set("", "x", Duration.ofMinutes(1))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> a.set("k", "x", Duration.ZERO)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> a.set("k".repeat(513), "x", Duration.ofMinutes(1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("513");
        assertThatThrownBy(() -> a.set("k", "x", Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 3650 days");
        assertThat(a.exists("k")).isFalse();
    }
}

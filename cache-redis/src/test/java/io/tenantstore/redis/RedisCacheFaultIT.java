package io.tenantstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;

import io.tenantstore.CacheConfig;
import io.tenantstore.UnavailableException;
import io.tenantstore.repository.TenantCache;
import io.tenantstore.spi.CacheConnection;
import io.tenantstore.spi.CacheProviderConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A Redis server this test owns is stopped and restarted: calls fail with a typed error, fast once
 * the breaker is open, and work again within a second of the server's return.
 */
class RedisCacheFaultIT {
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @Test
    void callsFailFastWhileTheServerIsDownAndRecoverWhenItIsBack() {
        int port = RedisTestServer.freePort();
        RedisTestServer server = RedisTestServer.start(port);
        CacheConnection cache = new RedisCacheProvider().open(new CacheProviderConfig(CacheConfig.builder("redis")
                .url(server.serverUrl()).keyPrefix("tstest-fault").timeout(TIMEOUT).build(),
                java.time.Clock.systemUTC(), ForkJoinPool.commonPool()));
        try {
            TenantCache c = cache.forTenant(UUID.randomUUID().toString());
            c.set("k", "v", Duration.ofMinutes(1));
            assertThat(cache.health().healthy()).isTrue();

            server.close();

            // The first failures reach the network: refused connections, each well within the timeout.
            List<Long> firstFailuresNanos = new ArrayList<>();
            UnavailableException.Reason reason;
            int attempts = 0;
            do {
                long t0 = System.nanoTime();
                UnavailableException e = catchThrowableOfType(UnavailableException.class, () -> c.get("k"));
                firstFailuresNanos.add(System.nanoTime() - t0);
                assertThat(e).as("call %d while the server is down", attempts).isNotNull();
                reason = e.reason();
                assertThat(e.getMessage()).contains("127.0.0.1:" + port);
                attempts++;
            } while (reason == UnavailableException.Reason.DATABASE_DOWN && attempts < 10);
            assertThat(reason).isEqualTo(UnavailableException.Reason.BREAKER_OPEN);
            assertThat(attempts - 1).as("failures before the breaker opened").isEqualTo(3);
            long firstMaxMs = Collections.max(firstFailuresNanos) / 1_000_000;
            assertThat(firstMaxMs).as("slowest of the first failures, ms").isLessThan(TIMEOUT.toMillis() * 3);

            // Breaker open: every call fails without touching the network.
            List<Long> openNanos = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                long t0 = System.nanoTime();
                UnavailableException e = catchThrowableOfType(UnavailableException.class,
                        () -> c.setIfAbsent("k", "v2", Duration.ofMinutes(1)));
                openNanos.add(System.nanoTime() - t0);
                assertThat(e.reason()).isEqualTo(UnavailableException.Reason.BREAKER_OPEN);
            }
            Collections.sort(openNanos);
            long p99Micros = openNanos.get(989) / 1000;
            assertThat(p99Micros).as("p99 of calls while the breaker is open, µs").isLessThan(50_000);
            assertThat(cache.health().healthy()).isFalse();

            // The server returns (empty: it keeps nothing on disk); the probe closes the breaker.
            server = RedisTestServer.start(port);
            long back = System.nanoTime();
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .ignoreException(UnavailableException.class).until(() -> !c.exists("k"));
            long recoveryMs = (System.nanoTime() - back) / 1_000_000;
            assertThat(recoveryMs).as("recovery after the server is back, ms").isLessThanOrEqualTo(1000);
            assertThat(c.setIfAbsent("k", "again", Duration.ofMinutes(1))).isTrue();
            assertThat(c.get("k")).contains("again");
            assertThat(cache.health().healthy()).isTrue();
            System.out.printf("figures: first %d failures max %d ms (timeout %d ms); breaker open: p99 %d µs"
                            + " over 1000 calls; recovery %d ms after the server accepted connections%n",
                    attempts - 1, firstMaxMs, TIMEOUT.toMillis(), p99Micros, recoveryMs);
            c.deleteByPrefix("");
        } finally {
            cache.close();
            server.close();
        }
    }
}

package io.tenantstore.redis.internal;

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

import io.tenantstore.CacheConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.Secret;
import io.tenantstore.StoreException;
import io.tenantstore.redis.RedisTestServer;
import io.tenantstore.repository.TenantCache;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** What the Redis cache does on the server: key layout, TTLs, the pre-6.2 script, the login. */
class RedisCacheIT {
    private final String prefix = "tstest-" + UUID.randomUUID();

    private CacheConfig config(String url) {
        return CacheConfig.builder("redis").url(url).keyPrefix(prefix).build();
    }

    @Test
    void keysAreNamespacedByPrefixAndTenantIdAndCarryTheirTtlOnTheServer() {
        String url = RedisTestServer.url();
        String tenantId = UUID.randomUUID().toString();
        try (RedisCache cache = new RedisCache(RedisEndpoint.of(config(url)), config(url));
             RedisClient raw = RedisClient.create(java.net.URI.create(url))) {
            TenantCache c = cache.forTenant(tenantId);
            c.set("session:1", "v", Duration.ofSeconds(60));
            String onServer = prefix + ":{" + tenantId + "}:session:1";
            assertThat(raw.get(onServer)).isEqualTo("v");
            assertThat(raw.pttl(onServer)).isBetween(1L, 60_000L);
            assertThat(c.setIfAbsent("lock", "v", Duration.ofMillis(1500))).isTrue();
            assertThat(raw.pttl(prefix + ":{" + tenantId + "}:lock")).isBetween(1L, 1500L);
            // Another store prefix on the same server sees nothing of this one.
            CacheConfig other = CacheConfig.builder("redis").url(url).keyPrefix(prefix + "-other").build();
            try (RedisCache second = new RedisCache(RedisEndpoint.of(other), other)) {
                assertThat(second.forTenant(tenantId).get("session:1")).isEmpty();
                assertThat(second.forTenant(tenantId).deleteByPrefix("")).isZero();
            }
            assertThat(c.deleteByPrefix("")).isEqualTo(2);
            assertThat(raw.exists(onServer)).isFalse();
        }
    }

    @Test
    void allTenantsShareOnePoolOfAtMostPoolSizeConnections() throws Exception {
        String url = RedisTestServer.url();
        CacheConfig c = CacheConfig.builder("redis").url(url).keyPrefix(prefix).poolSize(4).build();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (RedisCache cache = new RedisCache(RedisEndpoint.of(c), c)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 200; t++) {
                TenantCache tenant = cache.forTenant(UUID.randomUUID().toString());
                work.add(pool.submit(() -> {
                    tenant.set("k", "v", Duration.ofMinutes(1));
                    assertThat(tenant.getAndDelete("k")).contains("v");
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            assertThat(cache.connectionsCreated()).isBetween(1L, 4L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theGetAndDeleteScriptForServersBefore62HandsEachValueToOneCaller() throws Exception {
        String url = RedisTestServer.url();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (RedisCache cache = new RedisCache(RedisEndpoint.of(config(url)), config(url), false)) {
            TenantCache c = cache.forTenant(UUID.randomUUID().toString());
            for (int round = 0; round < 20; round++) {
                c.set("code", "v" + round, Duration.ofMinutes(1));
                CyclicBarrier start = new CyclicBarrier(8);
                List<Future<Boolean>> takes = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    takes.add(pool.submit(() -> {
                        start.await();
                        return c.getAndDelete("code").isPresent();
                    }));
                }
                int takers = 0;
                for (Future<Boolean> f : takes) {
                    takers += f.get() ? 1 : 0;
                }
                assertThat(takers).isEqualTo(1);
            }
            assertThat(c.getAndDelete("code")).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aServerWithoutGetdelIsDetectedAndServedByTheScript() {
        // Renaming GETDEL away makes this server answer like one before 6.2: "unknown command".
        try (RedisTestServer server = RedisTestServer.start(RedisTestServer.freePort(), "--rename-command", "GETDEL", "")) {
            CacheConfig c = config(server.serverUrl());
            try (RedisCache cache = new RedisCache(RedisEndpoint.of(c), c)) {
                TenantCache t = cache.forTenant(UUID.randomUUID().toString());
                t.set("code", "123", Duration.ofMinutes(1));
                assertThat(t.getAndDelete("code")).contains("123");
                assertThat(t.exists("code")).isFalse();
                t.set("code", "456", Duration.ofMinutes(1));
                assertThat(t.getAndDelete("code")).contains("456");
                assertThat(t.getAndDelete("code")).isEmpty();
            }
        }
    }

    @Test
    void logsInWithThePasswordAndAWrongOneIsAConfigurationErrorThatNeverShowsIt() {
        try (RedisTestServer server = RedisTestServer.start(RedisTestServer.freePort(), "--requirepass", "c0rrect-pw")) {
            CacheConfig good = CacheConfig.builder("redis").url(server.serverUrl()).password(Secret.of("c0rrect-pw")).build();
            try (RedisCache cache = new RedisCache(RedisEndpoint.of(good), good)) {
                TenantCache c = cache.forTenant(UUID.randomUUID().toString());
                c.set("k", "v", Duration.ofMinutes(1));
                assertThat(c.get("k")).contains("v");
            }
            CacheConfig bad = CacheConfig.builder("redis").url(server.serverUrl()).password(Secret.of("wr0ng-pw")).build();
            try (RedisCache cache = new RedisCache(RedisEndpoint.of(bad), bad)) {
                TenantCache c = cache.forTenant(UUID.randomUUID().toString());
                for (int i = 0; i < 5; i++) {
                    assertThatThrownBy(() -> c.get("k")).isInstanceOf(StoreException.class)
                            .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(ErrorCode.CONFIGURATION))
                            .hasMessageContaining("refused the login")
                            .hasMessageNotContaining("wr0ng-pw");
                }
                assertThat(cache.breakerOpen()).as("a refused login is not a server outage").isFalse();
                assertThat(cache.health().healthy()).isFalse();
                assertThat(cache.health().detail()).doesNotContain("wr0ng-pw");
            }
        }
    }
}

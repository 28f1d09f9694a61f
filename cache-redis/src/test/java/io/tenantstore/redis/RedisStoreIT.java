package io.tenantstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.tenantstore.CacheConfig;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.InvalidInputException;
import io.tenantstore.StoreException;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.UnavailableException;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import io.tenantstore.repository.TenantCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two stores (as two application instances would) configured with the redis cache share their tenants' entries. */
class RedisStoreIT {
    @TempDir
    Path dir;

    @Test
    void theCacheIsChosenByNameAndABadOneFailsAtStart() {
        assertThatThrownBy(() -> TenantStore.builder().fsRoot(dir).cache(CacheConfig.of("memcached", "memcache://h")).build())
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("no cache named 'memcached' on the classpath; found: memory, redis");
        assertThatThrownBy(() -> TenantStore.builder().fsRoot(dir).cache(CacheConfig.of("redis", "http://cache:6379")).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("scheme must be redis or rediss");
        assertThatThrownBy(() -> TenantStore.builder().fsRoot(dir).cache(CacheConfig.builder("redis").build()).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("cache driver redis needs a url like redis://127.0.0.1:6379/0");
        assertThatThrownBy(() -> TenantStore.builder().fsRoot(dir).cache(CacheConfig.of("memory", "redis://h")).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cache driver memory takes no url");
        // The valkey alias picks the same cache.
        try (DataAccessLayer store = TenantStore.builder().fsRoot(dir.resolve("valkey"))
                .cache(CacheConfig.builder("valkey").url(RedisTestServer.url()).keyPrefix("tstest-" + UUID.randomUUID())
                        .build()).build()) {
            assertThat(store.health().checks()).anySatisfy(c -> assertThat(c.name()).startsWith("cache redis "));
        }
    }

    @Test
    void twoStoresShareATenantsCacheAndClosingAStoreClosesItsClient() throws Exception {
        String prefix = "tstest-" + UUID.randomUUID();
        Path data = dir.resolve("data");
        Path yaml = dir.resolve("store.yaml");
        Files.writeString(yaml, "fsRoot: data\ncache: { driver: redis, url: '" + RedisTestServer.url()
                + "', keyPrefix: " + prefix + ", timeout: 2s }\n");
        DataAccessLayer first = TenantStore.builder().fsRoot(data)
                .cache(CacheConfig.builder("redis").url(RedisTestServer.url()).keyPrefix(prefix).build()).build();
        try (DataAccessLayer second = TenantStore.open(yaml)) {
            first.config().tenants().create(NewTenant.of("acme", "Acme Inc"));
            first.config().tenants().create(NewTenant.of("globex", "Globex"));
            TenantDataAccess acmeOne = first.forTenant("acme");
            TenantDataAccess acmeTwo = second.forTenant("acme");
            TenantCache one = acmeOne.cache();
            TenantCache two = acmeTwo.cache();

            assertThat(one.setIfAbsent("otp:42", "from-first", Duration.ofMinutes(1))).isTrue();
            assertThat(two.setIfAbsent("otp:42", "from-second", Duration.ofMinutes(1))).isFalse();
            assertThat(second.forTenant("globex").cache().get("otp:42")).as("another tenant").isEmpty();
            assertThat(two.getAndDelete("otp:42")).contains("from-first");
            assertThat(one.getAndDelete("otp:42")).isEmpty();
            assertThat(first.health().checks()).anySatisfy(c -> {
                assertThat(c.name()).startsWith("cache redis ");
                assertThat(c.healthy()).isTrue();
            });

            one.set("k", "v", Duration.ofMinutes(1));
            first.close();
            assertThatThrownBy(() -> one.get("k")).isInstanceOf(UnavailableException.class)
                    .satisfies(e -> assertThat(((UnavailableException) e).reason()).isEqualTo(UnavailableException.Reason.CLOSED));
            assertThat(two.get("k")).as("the entry lives on the server").contains("v");
            assertThat(two.deleteByPrefix("")).isEqualTo(1);
        } finally {
            first.close();
        }
    }
}

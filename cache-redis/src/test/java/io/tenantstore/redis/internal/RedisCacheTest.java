package io.tenantstore.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantstore.CacheConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** How server and client errors become typed store errors (no server needed: nothing connects). */
class RedisCacheTest {
    private final CacheConfig config = CacheConfig.of("redis", "redis://127.0.0.1:1/0");

    @Test
    void aServerThatCannotServeNowIsUnavailableButDoesNotOpenTheBreaker() {
        try (RedisCache cache = new RedisCache(RedisEndpoint.of(config), config)) {
            for (String message : new String[] {"LOADING Redis is loading the dataset in memory",
                    "BUSY Redis is busy running a script", "OOM command not allowed when used memory > 'maxmemory'",
                    "READONLY You can't write against a read only replica."}) {
                RuntimeException e = cache.translate("SET", new JedisDataException(message));
                assertThat(e).isInstanceOf(UnavailableException.class).hasMessageContaining("cannot serve SET now");
                assertThat(((UnavailableException) e).reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN);
            }
            assertThat(cache.breakerOpen()).isFalse();
        }
    }

    @Test
    void connectionFailuresOpenTheBreakerAndOtherRefusalsAreInternalErrors() {
        try (RedisCache cache = new RedisCache(RedisEndpoint.of(config), config)) {
            RuntimeException wrongType = cache.translate("GET", new JedisDataException(
                    "WRONGTYPE Operation against a key holding the wrong kind of value"));
            assertThat(wrongType).isInstanceOf(StoreException.class).isNotInstanceOf(UnavailableException.class);
            assertThat(((StoreException) wrongType).code()).isEqualTo(ErrorCode.INTERNAL);
            for (int i = 0; i < RedisCache.BREAKER_THRESHOLD; i++) {
                RuntimeException down = cache.translate("GET", new JedisConnectionException("Connection refused"));
                assertThat(((UnavailableException) down).reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN);
                assertThat(down).hasMessageContaining("redis://127.0.0.1:1/0");
            }
            assertThat(cache.breakerOpen()).isTrue();
        }
    }
}

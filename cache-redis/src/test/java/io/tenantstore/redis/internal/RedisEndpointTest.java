package io.tenantstore.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import io.tenantstore.CacheConfig;
import io.tenantstore.InvalidInputException;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {
    @Test
    void readsHostPortDatabaseTlsAndUser() {
        assertThat(RedisEndpoint.of(CacheConfig.of("redis", "redis://cache.internal:6380/3")))
                .isEqualTo(new RedisEndpoint("cache.internal", 6380, 3, false, Optional.empty()));
        assertThat(RedisEndpoint.of(CacheConfig.of("redis", "rediss://app@cache")))
                .isEqualTo(new RedisEndpoint("cache", 6379, 0, true, Optional.of("app")));
        assertThat(RedisEndpoint.of(CacheConfig.builder("redis").url("redis://app@cache/").username("other").build())
                .username()).contains("other");
        assertThat(RedisEndpoint.of(CacheConfig.of("redis", "redis://127.0.0.1:6379")).toString())
                .isEqualTo("redis://127.0.0.1:6379/0");
    }

    @Test
    void aBadUrlIsRejectedAndQuoted() {
        assertThatThrownBy(() -> RedisEndpoint.of(CacheConfig.builder("redis").build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("cache driver redis needs a url like redis://127.0.0.1:6379/0");
        assertThatThrownBy(() -> RedisEndpoint.of(CacheConfig.of("redis", "http://cache:6379")))
                .hasMessageContaining("'http://cache:6379'").hasMessageContaining("scheme must be redis or rediss");
        assertThatThrownBy(() -> RedisEndpoint.of(CacheConfig.of("redis", "redis://cache:6379/x")))
                .hasMessageContaining("database number");
        assertThatThrownBy(() -> RedisEndpoint.of(CacheConfig.of("redis", "redis://cache:6379/0?timeout=5")))
                .hasMessageContaining("query parameters are not read");
        assertThatThrownBy(() -> RedisEndpoint.of(CacheConfig.of("redis", "redis:///0")))
                .hasMessageContaining("names no host");
    }
}

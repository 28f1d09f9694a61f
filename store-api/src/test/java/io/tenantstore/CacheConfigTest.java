package io.tenantstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CacheConfigTest {
    @Test
    void theDefaultIsTheMemoryCache() {
        CacheConfig memory = CacheConfig.memory();
        assertThat(memory.driver()).isEqualTo("memory");
        assertThat(memory.url()).isEmpty();
        assertThat(memory.maxEntries()).isEqualTo(100_000);
        assertThat(memory.keyPrefix()).isEqualTo("tenantstore");
        assertThat(memory.timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void thePasswordNeverShowsAndNeverTravelsInTheUrl() {
        CacheConfig c = CacheConfig.builder("redis").url("redis://cache:6379/0").username("app")
                .password(Secret.of("hunter2-pw")).build();
        assertThat(c.toString()).doesNotContain("hunter2-pw").contains("password=****").contains("redis://cache:6379/0");
        for (String url : new String[] {"redis://app:hunter2-pw@cache:6379/0", "redis://:hunter2-pw@cache",
                "redis://cache:6379/0?password=hunter2-pw"}) {
            assertThatThrownBy(() -> CacheConfig.of("redis", url)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("must not contain a password").hasMessageNotContaining("hunter2-pw");
        }
        assertThat(CacheConfig.of("redis", "redis://app@cache:6379/0").url()).contains("redis://app@cache:6379/0");
    }

    @Test
    void eachSettingIsValidatedAndTheBadValueQuoted() {
        assertThatThrownBy(() -> CacheConfig.builder("Redis!")).hasMessage(
                "cache driver must be a name like 'memory' or 'redis': 'Redis!'");
        assertThatThrownBy(() -> CacheConfig.builder("redis").keyPrefix("a:b")).hasMessage(
                "cache keyPrefix must be 1 to 64 of A-Z a-z 0-9 _ . -: 'a:b'");
        assertThatThrownBy(() -> CacheConfig.builder("redis").timeout(Duration.ofMinutes(2))).hasMessage(
                "cache timeout must be between 1ms and 60s: PT2M");
        assertThatThrownBy(() -> CacheConfig.builder("redis").poolSize(0)).hasMessage(
                "cache poolSize must be between 1 and 1024: 0");
        assertThatThrownBy(() -> CacheConfig.builder("memory").maxEntries(0)).hasMessage(
                "cache maxEntries must be positive: 0");
        assertThatThrownBy(() -> CacheConfig.builder("redis").url(" ")).isInstanceOf(InvalidInputException.class);
    }
}

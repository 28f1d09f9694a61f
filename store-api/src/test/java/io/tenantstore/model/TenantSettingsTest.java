package io.tenantstore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.tenantstore.InvalidInputException;
import org.junit.jupiter.api.Test;

class TenantSettingsTest {
    private static TenantSettings with(Duration session, Duration refresh) {
        return new TenantSettings("en", session, refresh, false, TenantSettings.SecuritySettings.DEFAULTS, null);
    }

    @Test
    void lifetimesArePositiveAndAtMostAHundredYears() {
        assertThat(with(TenantSettings.MAX_LIFETIME, TenantSettings.MAX_LIFETIME).sessionLifetime())
                .isEqualTo(Duration.ofDays(36_525));
        assertThatThrownBy(() -> with(Duration.ZERO, Duration.ofDays(1))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sessionLifetime must be positive");
        // a hundred years written before the limit still loads
        assertThat(with(Duration.ofDays(36_500), Duration.ofDays(36_500)).refreshTokenLifetime()).hasDays(36_500);
        assertThatThrownBy(() -> with(Duration.ofDays(36_526), Duration.ofDays(1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("sessionLifetime must be at most 36525 days");
        // a lifetime whose expiry would leave the range of Instant
        assertThatThrownBy(() -> with(Duration.ofDays(1), Duration.ofDays(106_751_991_167_300L)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("refreshTokenLifetime must be at most 36525 days");
    }
}

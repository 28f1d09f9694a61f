package io.tenantstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CredentialSpecTest {
    @Test
    void defaultsAreThoseOfTheDesign() {
        CredentialSpec.Refresh r = CredentialSpec.Refresh.DEFAULTS;

        assertThat(r.refreshAt()).isEqualTo(0.8);
        assertThat(r.maxJitter()).isEqualTo(0.1);
        assertThat(r.floor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.backoffInitial()).isEqualTo(Duration.ofMillis(100));
        assertThat(r.backoffMax()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.breakerThreshold()).isEqualTo(5);
        assertThat(r.breakerCooldown()).isEqualTo(Duration.ofSeconds(60));
        assertThat(CredentialSpec.of(CredentialSpec.Environment.of("PW")).refresh()).isSameAs(r);
    }

    @Test
    void refreshSettingsAreValidatedAndQuoted() {
        CredentialSpec.Refresh r = CredentialSpec.Refresh.DEFAULTS;

        assertThatThrownBy(() -> r.withRefreshAt(Double.NaN)).isInstanceOf(InvalidInputException.class)
                .hasMessage("credentials refreshAt must be greater than 0 and at most 1: NaN");
        assertThatThrownBy(() -> r.withMaxJitter(-0.1)).hasMessageEndingWith(": -0.1");
        assertThatThrownBy(() -> r.withFloor(Duration.ofSeconds(-5))).hasMessageEndingWith(": PT-5S");
        assertThatThrownBy(() -> r.withBackoffMax(Duration.ofMillis(50)))
                .hasMessage("credentials backoffMax must be at least backoffInitial (PT0.1S): PT0.05S");
        assertThatThrownBy(() -> r.withBreakerThreshold(0)).hasMessageEndingWith(": 0");
        assertThatThrownBy(() -> r.withBreakerCooldown(Duration.ZERO)).hasMessageEndingWith(": PT0S");
        assertThat(r.withRefreshAt(1.0).refreshAt()).isEqualTo(1.0);
    }

    @Test
    void sourcesValidateTheirValues() {
        assertThat(CredentialSpec.Command.of(List.of("/bin/db-token", "acme")).timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> CredentialSpec.Command.of(List.of())).isInstanceOf(InvalidInputException.class)
                .hasMessage("credentials command must name a program: []");
        assertThatThrownBy(() -> new CredentialSpec.Command(List.of("x"), Duration.ofHours(1)))
                .hasMessage("credentials timeout must be between 10ms and 10m: PT1H");
        assertThatThrownBy(() -> new CredentialSpec.Environment("DB-PASSWORD", Optional.empty()))
                .hasMessage("passwordVariable must be an environment variable name (letters, digits, _): 'DB-PASSWORD'");
        assertThatThrownBy(() -> new CredentialSpec.File(Path.of("pw"), Duration.ofMillis(10)))
                .hasMessage("credentials recheckInterval must be at least 1s: PT0.01S");
        assertThat(CredentialSpec.File.of(Path.of("pw")).recheckInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aStaticSourceNeverShowsItsPassword() {
        CredentialSpec spec = CredentialSpec.of(new CredentialSpec.Static(Secret.of("hunter2")));

        assertThat(spec.toString()).doesNotContain("hunter2");
        assertThat(spec.source().kind()).isEqualTo("static");
    }
}

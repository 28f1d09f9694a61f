package io.tenantstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import org.junit.jupiter.api.Test;

class CredentialTest {
    private static final Instant EXPIRY = Instant.parse("2026-11-21T10:15:00Z");

    @Test
    void toStringShowsUserAndExpiryButNeverTheSecret() {
        assertThat(Credential.expiring("app", Secret.of("hunter2"), EXPIRY).toString())
                .isEqualTo("Credential[username=app, secret=****, expiresAt=2026-11-21T10:15:00Z]");
        assertThat(Credential.of("app", Secret.of("hunter2")).toString())
                .isEqualTo("Credential[username=app, secret=****, expiresAt=never]");
    }

    @Test
    void expiresAtItsInstantAndNeverWithoutOne() {
        Credential c = Credential.expiring("app", Secret.of("pw"), EXPIRY);

        assertThat(c.isExpiredAt(EXPIRY.minusMillis(1))).isFalse();
        assertThat(c.isExpiredAt(EXPIRY)).isTrue();
        assertThat(Credential.of("app", Secret.of("pw")).isExpiredAt(Instant.MAX)).isFalse();
    }

    @Test
    void refusesABlankUsername() {
        assertThatThrownBy(() -> Credential.of(" ", Secret.of("pw"))).isInstanceOf(InvalidInputException.class);
    }
}

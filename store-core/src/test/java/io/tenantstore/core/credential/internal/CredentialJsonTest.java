package io.tenantstore.core.credential.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;

import io.tenantstore.CredentialException;
import io.tenantstore.spi.Credential;
import org.junit.jupiter.api.Test;

class CredentialJsonTest {
    private static final String SOURCE = "credential command db-token";

    @Test
    void readsAllFieldsAndIgnoresUnknownOnes() {
        Credential c = CredentialJson.parse("{\"username\": \"u\", \"password\": \"p\", \"expiresAt\": "
                + "\"2026-11-21T10:15:00Z\", \"leaseId\": \"x\"}", SOURCE, Optional.empty());

        assertThat(c.username()).isEqualTo("u");
        assertThat(c.secret().reveal()).isEqualTo("p");
        assertThat(c.expiresAt()).contains(Instant.parse("2026-11-21T10:15:00Z"));
    }

    @Test
    void aNullOrAbsentExpiryMeansNoExpiryAndAnAbsentUsernameTheDefault() {
        Credential c = CredentialJson.parse("{\"password\": \"p\", \"expiresAt\": null}", SOURCE, Optional.of("app"));

        assertThat(c.username()).isEqualTo("app");
        assertThat(c.expiresAt()).isEmpty();
    }

    @Test
    void wrongTypesAreNamedByKey() {
        assertThatThrownBy(() -> CredentialJson.parse("{\"password\": 12}", SOURCE, Optional.of("app")))
                .isInstanceOf(CredentialException.class)
                .hasMessage(SOURCE + " produced a \"password\" that is not a non-empty string");
        assertThatThrownBy(() -> CredentialJson.parse("{\"password\": \"p\", \"username\": 1}", SOURCE, Optional.of("a")))
                .hasMessage(SOURCE + " produced a \"username\" that is not a non-blank string");
        assertThatThrownBy(() -> CredentialJson.parse("{\"password\": \"p\", \"expiresAt\": 1.5}", SOURCE, Optional.of("a")))
                .hasMessage(SOURCE + " produced an \"expiresAt\" that is not whole epoch seconds in range: 1.5");
        assertThatThrownBy(() -> CredentialJson.parse("{\"password\": \"p\", \"expiresAt\": true}", SOURCE, Optional.of("a")))
                .hasMessageContaining("neither an ISO-8601 string nor epoch seconds");
        assertThatThrownBy(() -> CredentialJson.parse("{\"password\": \"p\"}", SOURCE, Optional.empty()))
                .hasMessage(SOURCE + " produced no \"username\" and the data source has no username configured");
    }
}

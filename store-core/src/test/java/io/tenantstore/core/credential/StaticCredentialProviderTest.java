package io.tenantstore.core.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantstore.Secret;
import org.junit.jupiter.api.Test;

class StaticCredentialProviderTest {
    @Test
    void returnsTheSameCredentialWithoutExpiryAndHidesTheSecret() {
        StaticCredentialProvider p = StaticCredentialProvider.of("app", Secret.of("pw-s3cr3t"));

        assertThat(p.mint()).isSameAs(p.mint());
        assertThat(p.mint().expiresAt()).isEmpty();
        assertThat(p.description()).isEqualTo("static credential for app");
        assertThat(p.toString()).contains("app").doesNotContain("pw-s3cr3t");
        assertThat(p.recheckInterval()).isEmpty();
    }
}

package io.tenantstore.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantstore.Secret;
import org.junit.jupiter.api.Test;

class ClientSecretHasherTest {
    private final ClientSecretHasher hasher = new ClientSecretHasher(1_000);

    @Test
    void hashHasTheDocumentedFormAndAFreshSalt() {
        String a = hasher.hash(Secret.of("secret-1"));
        String b = hasher.hash(Secret.of("secret-1"));
        assertThat(a).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}==\\$[A-Za-z0-9+/]{43}=").doesNotContain("secret-1");
        assertThat(a).isNotEqualTo(b);
        assertThat(ClientSecretHasher.isHash(a)).isTrue();
        assertThat(ClientSecretHasher.isHash("secret-1")).isFalse();
    }

    @Test
    void verifiesOnlyTheRightSecret() {
        String stored = hasher.hash(Secret.of("correct horse"));
        assertThat(hasher.verify("correct horse", stored)).isTrue();
        assertThat(hasher.verify("correct hors", stored)).isFalse();
        assertThat(hasher.verify("Correct horse", stored)).isFalse();
        assertThat(hasher.verify("", stored)).isFalse();
        assertThat(hasher.verify("correct horse", null)).isFalse();
        assertThat(hasher.verify("correct horse", "garbage")).isFalse();
    }

    @Test
    void verifyUsesTheIterationsStoredWithTheHash() {
        String stored = new ClientSecretHasher(2_000).hash(Secret.of("s"));
        assertThat(stored).startsWith("pbkdf2-sha256$2000$");
        assertThat(hasher.verify("s", stored)).isTrue();
    }

    @Test
    void unicodeSecretsWork() {
        String stored = hasher.hash(Secret.of("pässwörd-🔑"));
        assertThat(hasher.verify("pässwörd-🔑", stored)).isTrue();
        assertThat(hasher.verify("passwörd-🔑", stored)).isFalse();
    }

    @Test
    void standardHasherUsesSixHundredThousandIterations() {
        ClientSecretHasher standard = ClientSecretHasher.standard();
        assertThat(standard.iterations()).isEqualTo(600_000);
        String stored = standard.hash(Secret.of("x"));
        assertThat(stored).startsWith("pbkdf2-sha256$600000$");
        assertThat(standard.verify("x", stored)).isTrue();
    }
}

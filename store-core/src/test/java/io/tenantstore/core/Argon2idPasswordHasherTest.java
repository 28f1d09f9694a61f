package io.tenantstore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantstore.InvalidInputException;
import org.junit.jupiter.api.Test;

class Argon2idPasswordHasherTest {
    // Small parameters keep the test fast; the format and the checks are the same.
    private final Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(64, 1, 1);

    @Test
    void hashCarriesItsParametersAndVerifies() {
        String hash = hasher.hash("correct horse".toCharArray());
        assertThat(hash).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(hasher.verify("correct horse".toCharArray(), hash)).isTrue();
        assertThat(hasher.verify("correct horsf".toCharArray(), hash)).isFalse();
    }

    @Test
    void twoHashesOfOnePasswordDifferBySalt() {
        assertThat(hasher.hash("pw".toCharArray())).isNotEqualTo(hasher.hash("pw".toCharArray()));
    }

    @Test
    void aHashWithOtherParametersStillVerifies() {
        String old = new Argon2idPasswordHasher(128, 2, 1).hash("pw".toCharArray());
        assertThat(hasher.verify("pw".toCharArray(), old)).isTrue();
    }

    @Test
    void malformedOrHostileHashesAreFalseNotErrors() {
        assertThat(hasher.verify("pw".toCharArray(), "plain")).isFalse();
        assertThat(hasher.verify("pw".toCharArray(), "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA")).isFalse();
        assertThat(hasher.verify("pw".toCharArray(), "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$"
                + "aGFzaGhhc2hoYXNoaGFzaA")).as("memory cost too high to honour").isFalse();
        assertThat(hasher.verify("pw".toCharArray(), "$argon2id$v=19$m=64,t=1,p=1$!!$!!")).isFalse();
        assertThat(hasher.verify("pw".toCharArray(), "$argon2id$v=19$m64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"))
                .as("a parameter without '='").isFalse();
    }

    @Test
    void unicodePasswordsRoundTrip() {
        String hash = hasher.hash("pässwörd-密码".toCharArray());
        assertThat(hasher.verify("pässwörd-密码".toCharArray(), hash)).isTrue();
        assertThat(hasher.verify("passwort-密码".toCharArray(), hash)).isFalse();
    }

    @Test
    void parametersAreValidatedWithTheValueInTheMessage() {
        assertThatThrownBy(() -> new Argon2idPasswordHasher(64, 0, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(": 0");
        assertThat(hasher.toString()).isEqualTo("Argon2idPasswordHasher[m=64KiB, t=1, p=1]");
    }
}

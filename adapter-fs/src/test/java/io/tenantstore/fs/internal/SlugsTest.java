package io.tenantstore.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantstore.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlugsTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "acme", "acme-corp", "a1-b2-c3", "123", "x-y"})
    void acceptsValidSlugs(String slug) {
        assertThat(Slugs.validate(slug)).isEqualTo(slug);
        assertThat(Slugs.isSlug(slug)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("io.tenantstore.fs.internal.FsTenantRepositoryTest#badSlugs")
    void rejectsInvalidSlugs(String slug) {
        assertThatThrownBy(() -> Slugs.validate(slug)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("invalid tenant slug '");
        assertThat(Slugs.isSlug(slug)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void aSlugShapedLikeATenantIdIsRejected() {
        String uuidShaped = java.util.UUID.randomUUID().toString();
        assertThatThrownBy(() -> Slugs.validate(uuidShaped)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("UUID");
        assertThat(Slugs.isSlug(uuidShaped)).isFalse();
    }
}

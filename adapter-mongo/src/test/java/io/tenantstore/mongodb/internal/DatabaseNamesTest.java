package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import io.tenantstore.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseNamesTest {
    @Test
    void aTenantDatabaseIsTheSlugWithPrefixAndUnderscores() {
        assertThat(DatabaseNames.forTenant("acme")).isEqualTo("t_acme");
        assertThat(DatabaseNames.forTenant("acme-corp-2")).isEqualTo("t_acme_corp_2");
    }

    @Test
    void theLongestSlugsAreShortenedToADistinctStableName() {
        String slug = "a".repeat(60) + "-bc";
        String other = "a".repeat(60) + "-bd";

        String name = DatabaseNames.forTenant(slug);

        assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(DatabaseNames.MAX_BYTES);
        assertThat(name).startsWith("th_" + "a".repeat(50) + "_").matches("th_a{50}_[0-9a-f]{8}");
        assertThat(DatabaseNames.forTenant(slug)).isEqualTo(name);
        assertThat(DatabaseNames.forTenant(other)).isNotEqualTo(name);
        assertThat(DatabaseNames.forTenant("a".repeat(61))).isEqualTo("t_" + "a".repeat(61));
        // the full name of a 59-character slug shaped like a shortened name stays distinct
        String lookalike = "a".repeat(50) + "-" + name.substring(name.length() - 8);
        assertThat(DatabaseNames.forTenant(lookalike)).isNotEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Acme", "acme.corp", "acme corp", "acme/x", "", "ü"})
    void slugsWithCharactersASlugCannotHaveAreRefused(String slug) {
        assertThatThrownBy(() -> DatabaseNames.forTenant(slug))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tenant slug");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app", "tenant_store", "App-1", "ünïcode"})
    void validNamesPass(String name) {
        assertThat(DatabaseNames.validate(name, "db")).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "a\\b", "a.b", "a b", "a\"b", "a$b", "a*b", "a<b", "a>b", "a:b", "a|b", "a?b",
        "a\0b", "a\tb"})
    void forbiddenCharactersAreNamedInTheMessage(String name) {
        assertThatThrownBy(() -> DatabaseNames.validate(name, "the URL's database"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("the URL's database '")
                .hasMessageContaining("must not contain");
    }

    @Test
    void emptyAndTooLongNamesAreRefused() {
        assertThatThrownBy(() -> DatabaseNames.validate("", "db")).hasMessageContaining("must not be empty");
        assertThat(DatabaseNames.validate("x".repeat(63), "db")).hasSize(63);
        assertThatThrownBy(() -> DatabaseNames.validate("x".repeat(64), "db"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("64 bytes");
        // Length counts UTF-8 bytes, as the server does: 32 two-byte characters are 64 bytes.
        assertThatThrownBy(() -> DatabaseNames.validate("é".repeat(32), "db")).hasMessageContaining("64 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "local", "config", "ADMIN"})
    void theServersOwnDatabasesCannotHoldTenantData(String name) {
        assertThatThrownBy(() -> DatabaseNames.validate(name, "db"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("MongoDB's own databases");
    }
}

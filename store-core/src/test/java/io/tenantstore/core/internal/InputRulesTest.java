package io.tenantstore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import io.tenantstore.InvalidInputException;
import io.tenantstore.spi.InputRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputRulesTest {
    @Test
    void idsAreUuids() {
        String id = UUID.randomUUID().toString();

        assertThat(InputRules.id("user id", id)).isEqualTo(id);
        assertThat(InputRules.id("user id", id.toUpperCase())).isEqualTo(id.toUpperCase());
        assertThatThrownBy(() -> InputRules.id("user id", "42")).isInstanceOf(InvalidInputException.class)
                .hasMessage("user id must be a UUID: '42'");
        assertThatThrownBy(() -> InputRules.id("user id", id + "0")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> InputRules.id("user id", null)).hasMessageContaining("null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ana@acme.io", "Ana.Lima+tag@sub.acme.io", "x@y", "o'neil@acme.io", "ana@bücher.de",
        "a_b-c@xn--80ak6aa92e.com"})
    void wellFormedEmailsPass(String email) {
        assertThat(InputRules.email(email)).isEqualTo(email);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "a@", "@acme.io", "a b@acme.io", "a@exa mple.com", "a@@acme.io",
        "a@acme..io", ".a@acme.io", "a.@acme.io", "a..b@acme.io", "a@-acme.io", "a@acme-.io", "a@acme.io.",
        "ana@\tacme", "\"quoted\"@acme.io"})
    void malformedEmailsAreRefusedAndQuoted(String email) {
        assertThatThrownBy(() -> InputRules.email(email))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("email");
    }

    @Test
    void overlongEmailsAndPartsAreRefused() {
        assertThatThrownBy(() -> InputRules.email("x".repeat(250) + "@b.io")).hasMessageContaining("at most 254");
        assertThatThrownBy(() -> InputRules.email("x".repeat(65) + "@b.io")).hasMessageContaining("local part");
        assertThatThrownBy(() -> InputRules.email("x@" + "d".repeat(64) + ".io")).hasMessageContaining("domain");
    }

    @Test
    void theEmailKeyIgnoresCase() {
        assertThat(InputRules.emailKey("Ana@ACME.io")).isEqualTo("ana@acme.io");
        assertThat(InputRules.normalizedEmail("Ana.Maria+tag@Example.COM")).isEqualTo("ana.maria+tag@example.com");
        assertThat(InputRules.normalizedEmail("Jörg@Bücher.de")).isEqualTo("jörg@bücher.de");
        assertThatThrownBy(() -> InputRules.normalizedEmail("a..b@example.com"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void uuidsParseCanonicalTextInAnyCase() {
        UUID id = UUID.randomUUID();
        assertThat(InputRules.uuid("user id", id.toString())).isEqualTo(id);
        assertThat(InputRules.uuid("user id", id.toString().toUpperCase())).isEqualTo(id);
        for (String bad : java.util.List.of("1-1-1-1-1", "", "0b6c7d1e8f1a4c559d2e3a4b5c6d7e8f",
                "0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8g",
                // a hyphen moved, one hex digit too many or too few, a digit that is not ASCII
                "0b6c7d1e8-f1a-4c55-9d2e-3a4b5c6d7e8f", "0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f0",
                "0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8", "0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8\uff10",
                "0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8\u0660", "0b6c7d1e 8f1a-4c55-9d2e-3a4b5c6d7e8f")) {
            assertThatThrownBy(() -> InputRules.uuid("user id", bad)).as(bad)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("user id");
        }
    }

    @Test
    void newIdsAreVersion7WithTheClocksMillisecondsFirst() {
        java.time.Instant now = java.time.Instant.parse("2030-01-01T00:00:00.123Z");
        UUID id = InputRules.newId(now);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
        assertThat(InputRules.newId(now.plusMillis(1)).toString()).isGreaterThan(id.toString());
        assertThat(InputRules.newId(now)).isNotEqualTo(id);
    }

    @Test
    void namesFollowTheirPatterns() {
        assertThat(InputRules.clientId("web-app_1.x")).isEqualTo("web-app_1.x");
        assertThatThrownBy(() -> InputRules.clientId("bad client")).hasMessageContaining("'bad client'");
        assertThat(InputRules.scope("api:read/all")).isEqualTo("api:read/all");
        assertThatThrownBy(() -> InputRules.scope("has space")).hasMessageContaining("'has space'");
        assertThat(InputRules.roleName("ns:role.v1_x-y")).isEqualTo("ns:role.v1_x-y");
        assertThatThrownBy(() -> InputRules.roleName("a/b")).hasMessageContaining("'a/b'");
        assertThatThrownBy(() -> InputRules.roleName("x".repeat(129))).isInstanceOf(InvalidInputException.class);
        assertThat(InputRules.permission("users:write!")).isEqualTo("users:write!");
        assertThatThrownBy(() -> InputRules.permission("has space")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> InputRules.permission("ü")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void hashesAreCheckedWithoutBeingQuoted() {
        assertThat(InputRules.hash("token hash", "abc$123", 256)).isEqualTo("abc$123");
        assertThatThrownBy(() -> InputRules.hash("token hash", "secret value", 256))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("secret");
        assertThatThrownBy(() -> InputRules.hash("token hash", "", 256)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> InputRules.hash("token hash", "x".repeat(257), 256))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void textIsBoundedAndFreeOfControlCharacters() {
        assertThat(InputRules.optionalText("display name", null, 10)).isNull();
        assertThat(InputRules.text("reason", "fraud check", 20)).isEqualTo("fraud check");
        assertThatThrownBy(() -> InputRules.text("reason", "x".repeat(21), 20)).hasMessageContaining("at most 20");
        assertThatThrownBy(() -> InputRules.text("reason", "a\nb", 20)).hasMessageContaining("control");
    }

    @Test
    void lifetimesArePositiveAndBounded() {
        assertThat(InputRules.ttl("ttl", Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> InputRules.ttl("ttl", Duration.ZERO)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> InputRules.ttl("ttl", Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> InputRules.ttl("ttl", InputRules.MAX_TTL.plusSeconds(1)))
                .isInstanceOf(InvalidInputException.class);
    }
}

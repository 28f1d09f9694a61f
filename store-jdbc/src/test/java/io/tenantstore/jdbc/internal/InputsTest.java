package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tenantstore.InvalidInputException;
import org.junit.jupiter.api.Test;

class InputsTest {
    @Test
    void idsAreCanonicalUuidsInAnyCase() {
        UUID id = UUID.randomUUID();
        assertThat(Inputs.id("user id", id.toString())).isEqualTo(id);
        assertThat(Inputs.id("user id", id.toString().toUpperCase())).isEqualTo(id);
        for (String bad : List.of("1-1-1-1-1", "42", "", "0b6c7d1e8f1a4c559d2e3a4b5c6d7e8f",
                "0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8g")) {
            assertThatThrownBy(() -> Inputs.id("user id", bad)).as(bad)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("user id");
        }
        assertThatThrownBy(() -> Inputs.id("user id", null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void newIdsAreVersion7WithTheClocksMillisecondsFirst() {
        Instant now = Instant.parse("2030-01-01T00:00:00.123Z");
        UUID id = Inputs.newId(now);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
        assertThat(Inputs.newId(now.plusMillis(1)).toString()).isGreaterThan(id.toString());
        assertThat(Inputs.newId(now)).isNotEqualTo(id);
    }

    @Test
    void emailsAreCheckedAndLowerCased() {
        assertThat(Inputs.email("Ana.Maria+tag@Example.COM")).isEqualTo("ana.maria+tag@example.com");
        assertThat(Inputs.email("user@sub.xn--bcher-kva.example")).isEqualTo("user@sub.xn--bcher-kva.example");
        assertThat(Inputs.email("jörg@bücher.de")).isEqualTo("jörg@bücher.de".toLowerCase());
        for (String bad : List.of("", "plain", "@example.com", "ana@", "a b@example.com", "ana@exa mple.com",
                ".ana@example.com", "ana.@example.com", "a..b@example.com", "ana@-example.com", "ana@example..com",
                "ana@example.com.", "a\"b@example.com", "x".repeat(65) + "@example.com",
                "a@" + "x".repeat(64) + ".com", "a@" + "x.".repeat(130) + "com")) {
            assertThatThrownBy(() -> Inputs.email(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void textIsBoundedAndFreeOfControlCharacters() {
        assertThat(Inputs.text("reason", "fine", 10)).isEqualTo("fine");
        assertThat(Inputs.optionalText("name", null, 10)).isNull();
        assertThatThrownBy(() -> Inputs.text("reason", "x".repeat(11), 10))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> Inputs.text("reason", "a\nb", 10)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Inputs.text("reason", null, 10)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void hashesAreNeverQuotedInMessages() {
        assertThat(Inputs.hash("token hash", "abc", 10)).isEqualTo("abc");
        assertThatThrownBy(() -> Inputs.hash("token hash", "sec ret", 10))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sec ret"));
        assertThatThrownBy(() -> Inputs.hash("token hash", "", 10)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Inputs.hash("token hash", "x".repeat(11), 10))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void namesFollowTheirPatterns() {
        assertThat(Inputs.clientId("web.app-1_x")).isEqualTo("web.app-1_x");
        assertThatThrownBy(() -> Inputs.clientId("web app")).isInstanceOf(InvalidInputException.class);
        assertThat(Inputs.scope("api:read/all")).isEqualTo("api:read/all");
        assertThatThrownBy(() -> Inputs.scope("a b")).isInstanceOf(InvalidInputException.class);
        assertThat(Inputs.roleName("org:admin")).isEqualTo("org:admin");
        assertThatThrownBy(() -> Inputs.roleName("admin!")).isInstanceOf(InvalidInputException.class);
        assertThat(Inputs.permission("billing.*:write")).isEqualTo("billing.*:write");
        assertThatThrownBy(() -> Inputs.permission("has space")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Inputs.permission("")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void lifetimesArePositiveAndBounded() {
        assertThat(Inputs.ttl("ttl", Duration.ofDays(30))).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> Inputs.ttl("ttl", Duration.ZERO)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Inputs.ttl("ttl", Duration.ofSeconds(-1))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Inputs.ttl("ttl", Duration.ofDays(3651))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Inputs.ttl("ttl", null)).isInstanceOf(InvalidInputException.class);
    }
}

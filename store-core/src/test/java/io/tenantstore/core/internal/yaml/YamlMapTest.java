package io.tenantstore.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tenantstore.InvalidInputException;
import io.tenantstore.model.TenantSettings;
import org.junit.jupiter.api.Test;

class YamlMapTest {
    private static final String SOURCE = "tenants/acme/tenant.yaml";

    private static YamlMap parse(String text) {
        return YamlLoader.DEFAULT.parseMapping(text, SOURCE);
    }

    @Test
    void readsEveryType() {
        YamlMap m = parse("""
                name: Acme
                quoted: '123'
                count: 42
                big: 9000000000
                on: true
                off: False
                ttl: 24h
                iso: PT30S
                at: 2026-11-21T10:00:00Z
                list: [a, b]
                maps: [{x: 1}, {x: 2}]
                props: {k: v, n: 5}
                nested: {inner: x}
                """);
        assertThat(m.requireString("name")).isEqualTo("Acme");
        assertThat(m.string("quoted")).contains("123");
        assertThat(m.integer("count")).contains(42);
        assertThat(m.longValue("big")).contains(9_000_000_000L);
        assertThat(m.bool("on")).contains(true);
        assertThat(m.bool("off")).contains(false);
        assertThat(m.duration("ttl")).contains(Duration.ofHours(24));
        assertThat(m.duration("iso")).contains(Duration.ofSeconds(30));
        assertThat(m.instant("at")).contains(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(m.stringList("list")).containsExactly("a", "b");
        assertThat(m.mapList("maps")).extracting(x -> x.integer("x").orElseThrow()).containsExactly(1, 2);
        assertThat(m.stringMap("props")).isEqualTo(Map.of("k", "v", "n", "5"));
        YamlMap nested = m.map("nested").orElseThrow();
        assertThat(nested.path()).isEqualTo("nested");
        assertThat(nested.requireString("inner")).isEqualTo("x");
        nested.rejectUnknownKeys();
        m.rejectUnknownKeys();
    }

    @Test
    void absentAndNullKeysAreEmpty() {
        YamlMap m = parse("a: ~\n");
        assertThat(m.string("a")).isEmpty();
        assertThat(m.string("b")).isEmpty();
        assertThat(m.stringList("c")).isEmpty();
        assertThat(m.mapList("d")).isEmpty();
        assertThat(m.has("a")).isFalse();
    }

    @Test
    void unknownKeyIsRejectedNamingKeyFileLineAndTheExpectedKeys() {
        YamlMap m = parse("name: Acme\nsettings:\n  language: en\n  sesionLifetime: 24h\n");
        m.requireString("name");
        YamlMap settings = m.map("settings").orElseThrow();
        settings.string("language");
        settings.duration("sessionLifetime");
        assertThatThrownBy(settings::rejectUnknownKeys)
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(SOURCE + ":4: unknown key 'settings.sesionLifetime'; expected one of: language, sessionLifetime");
    }

    @Test
    void unknownTopLevelKeyIsRejected() {
        YamlMap m = parse("name: Acme\nnmae: typo\n");
        m.requireString("name");
        assertThatThrownBy(m::rejectUnknownKeys)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(SOURCE + ":2: unknown key 'nmae'");
    }

    @Test
    void missingRequiredKeyNamesItAndTheMapping() {
        YamlMap m = parse("a: 1\nsmtp:\n  port: 25\n");
        YamlMap smtp = m.map("smtp").orElseThrow();
        assertThatThrownBy(() -> smtp.requireString("host"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(SOURCE + ":3: missing required key 'smtp.host'");
    }

    @Test
    void emptyRequiredStringIsRejected() {
        assertThatThrownBy(() -> parse("name: ''\n").requireString("name"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(SOURCE + ":1: name must not be empty");
    }

    @Test
    void wrongTypesNameKeyAndLine() {
        YamlMap m = parse("a: x\nb: maybe\nc: soon\nd: yesterday\ne: [1]\nf: {x: 1}\ng: [[1]]\nh: 99999999999\n");
        assertThatThrownBy(() -> m.integer("a")).hasMessage(SOURCE + ":1: a: expected an integer, found 'x'");
        assertThatThrownBy(() -> m.bool("b")).hasMessage(SOURCE + ":2: b: expected true or false, found 'maybe'");
        assertThatThrownBy(() -> m.duration("c")).hasMessage(
                SOURCE + ":3: c: expected a duration like 30s, 10m, 24h, 30d or PT30S, found 'soon'");
        assertThatThrownBy(() -> m.instant("d")).hasMessageStartingWith(SOURCE + ":4: d: expected a UTC timestamp");
        assertThatThrownBy(() -> m.string("e")).hasMessage(SOURCE + ":5: e: expected a string, found a list");
        assertThatThrownBy(() -> m.stringList("f")).hasMessage(SOURCE + ":6: f: expected a list, found a mapping");
        assertThatThrownBy(() -> m.stringList("g")).hasMessage(SOURCE + ":7: g: expected a list of strings, found a list");
        assertThatThrownBy(() -> m.map("a")).hasMessage(SOURCE + ":1: a: expected a mapping, found a scalar");
        assertThatThrownBy(() -> m.integer("h")).hasMessage(SOURCE + ":8: h is out of range: 99999999999");
    }

    @Test
    void buildLocatesConstructorErrorsAtTheMapping() {
        YamlMap m = parse("x: 1\nsecurity:\n  passwordMinLength: 0\n");
        YamlMap security = m.map("security").orElseThrow();
        int min = security.integer("passwordMinLength").orElseThrow();
        assertThatThrownBy(() -> security.build("security",
                () -> new TenantSettings.SecuritySettings(min, false)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(SOURCE + ":3: security: passwordMinLength must be between 1 and 1024: 0");
    }

    @Test
    void mapListItemsKnowTheirPath() {
        YamlMap m = parse("clients:\n  - clientId: a\n  - clientId: b\n    extra: 1\n");
        List<YamlMap> clients = m.mapList("clients");
        clients.get(1).requireString("clientId");
        assertThatThrownBy(clients.get(1)::rejectUnknownKeys)
                .hasMessage(SOURCE + ":4: unknown key 'clients[1].extra'; expected one of: clientId");
    }

    @Test
    void quoteEscapesControlCharactersAndCutsLongText() {
        assertThat(YamlMap.quote("a\nb\tc\u0000d\u202Ee")).isEqualTo("a\\nb\\tc\\u0000d\\u202Ee");
        assertThat(YamlMap.quote("x".repeat(200))).hasSize(83).endsWith("...");
    }
}

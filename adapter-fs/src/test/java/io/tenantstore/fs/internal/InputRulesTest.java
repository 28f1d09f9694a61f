package io.tenantstore.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;

import io.tenantstore.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputRulesTest {
    @ParameterizedTest
    @ValueSource(strings = {"https://acme.io/callback", "https://acme.io:8443/cb?x=1", "http://localhost/cb",
        "http://localhost:3000/cb", "http://127.0.0.1:8080/cb", "http://[::1]:8080/cb", "com.example.app:/oauth2redirect",
        "com.example.app:cb", "HTTPS://acme.io/cb"})
    void acceptsRedirectUris(String uri) {
        assertThat(InputRules.redirectUri(uri)).isEqualTo(uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/relative", "acme.io/cb", "https://acme.io/cb#x", "https://acme.io/cb#",
        "http://acme.io/cb", "http://localhost.evil.io/cb", "http://127.0.0.2/cb", "javascript:alert(1)",
        "data:text/html,x", "file:///etc/passwd", "myapp:/cb", "https:///cb", "https://user:pw@acme.io/cb",
        "https://acme.io/a b", "https://acme.io/\n", ""})
    void rejectsRedirectUris(String uri) {
        assertThatThrownBy(() -> InputRules.redirectUri(uri)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("invalid redirect URI '");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://acme.io", "https://acme.io:8443", "http://localhost:3000", "http://intranet"})
    void acceptsOrigins(String origin) {
        assertThat(InputRules.origin(origin)).isEqualTo(origin);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://acme.io/", "https://acme.io/app", "https://acme.io?x", "https://acme.io#f",
        "acme.io", "ftp://acme.io", "https://u@acme.io", "null", "*"})
    void rejectsOrigins(String origin) {
        assertThatThrownBy(() -> InputRules.origin(origin)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("invalid origin '");
    }

    @Test
    void clientIdsAndScopeNames() {
        assertThat(InputRules.clientId("web-App_1.2")).isEqualTo("web-App_1.2");
        assertThatThrownBy(() -> InputRules.clientId("web app")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> InputRules.clientId("")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> InputRules.clientId("web/app")).isInstanceOf(InvalidInputException.class);
        assertThat(InputRules.scopeName("https://api.acme.io/orders:read")).isNotEmpty();
        assertThatThrownBy(() -> InputRules.scopeName("a b")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("invalid scope name 'a b'");
    }

    @Test
    void listsAreBoundedAndWithoutDuplicates() {
        assertThatThrownBy(() -> InputRules.scopes(List.of("a", "a"))).isInstanceOf(InvalidInputException.class)
                .hasMessage("scopes lists 'a' twice");
        List<String> many = Collections.nCopies(101, "x");
        assertThatThrownBy(() -> InputRules.grantTypes(many)).isInstanceOf(InvalidInputException.class)
                .hasMessage("grantTypes must have at most 100 entries: 101");
        InputRules.grantTypes(List.of("authorization_code", "urn:ietf:params:oauth:grant-type:device_code"));
    }

    @Test
    void namesRejectControlCharacters() {
        assertThatThrownBy(() -> InputRules.name("client name", "a\u0007b")).isInstanceOf(InvalidInputException.class)
                .hasMessage("client name must be 1 to 200 characters without control characters: 'a\\u0007b'");
    }
}

package io.tenantstore.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import io.tenantstore.core.yaml.YamlLoader;
import io.tenantstore.model.Client;
import io.tenantstore.model.ClientType;
import org.junit.jupiter.api.Test;

class ClientsYamlTest {
    private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void writesSortedByIdAndReadsBack() {
        String hash = new ClientSecretHasher(1000).hash(Secret.of("s"));
        StoredClient web = new StoredClient(new Client("web", "Web", ClientType.CONFIDENTIAL,
                List.of("https://acme.io/cb"), List.of("https://acme.io"), List.of("openid"),
                List.of("authorization_code"), true, T, T), hash);
        StoredClient app = new StoredClient(new Client("app", "App", ClientType.PUBLIC, List.of("com.acme.app:/cb"),
                List.of(), List.of(), List.of(), false, T, T), null);
        String text = ClientsYaml.write(List.of(web, app));
        assertThat(text).startsWith("clients:\n  - clientId: app\n");
        assertThat(ClientsYaml.read(YamlLoader.DEFAULT.parseMapping(text, "c.yaml"))).containsExactly(app, web);
        assertThat(web.toString()).doesNotContain(hash).contains("secret=****");
    }

    @Test
    void rejectsBadEntriesNamingTheLine() {
        assertThatThrownBy(() -> ClientsYaml.read(YamlLoader.DEFAULT.parseMapping(
                "clients:\n  - { clientId: a, name: A, type: public }\n  - { clientId: a, name: B, type: public }\n",
                "c.yaml"))).isInstanceOf(InvalidInputException.class)
                .hasMessage("c.yaml:3: duplicate client id 'a' (first at line 2)");
        assertThatThrownBy(() -> ClientsYaml.read(YamlLoader.DEFAULT.parseMapping(
                "clients:\n  - clientId: a\n    name: A\n    type: public\n    redirectUris: [http://evil.io/cb]\n",
                "c.yaml"))).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("c.yaml:5: clients[0].redirectUris: invalid redirect URI 'http://evil.io/cb'");
        assertThatThrownBy(() -> ClientsYaml.read(YamlLoader.DEFAULT.parseMapping(
                "clients:\n  - { clientId: a, name: A, type: secret }\n", "c.yaml")))
                .hasMessage("c.yaml:2: clients[0].type must be public or confidential, found 'secret'");
        assertThatThrownBy(() -> ClientsYaml.read(YamlLoader.DEFAULT.parseMapping(
                "clients:\n  - { clientId: a, name: A, type: confidential }\n", "c.yaml")))
                .hasMessage("c.yaml:2: client 'a' is confidential and needs a secret");
    }
}

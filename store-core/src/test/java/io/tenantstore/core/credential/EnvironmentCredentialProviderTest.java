package io.tenantstore.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import io.tenantstore.CredentialException;
import io.tenantstore.CredentialSpec;
import org.junit.jupiter.api.Test;

class EnvironmentCredentialProviderTest {
    private final Map<String, String> env = Map.of("DB_PASSWORD", "pw-s3cr3t", "DB_USER", "svc", "EMPTY", "");

    @Test
    void readsThePasswordAndTheConfiguredUsername() {
        EnvironmentCredentialProvider p = new EnvironmentCredentialProvider(
                CredentialSpec.Environment.of("DB_PASSWORD"), Optional.of("app"), env::get);

        assertThat(p.mint().username()).isEqualTo("app");
        assertThat(p.mint().secret().reveal()).isEqualTo("pw-s3cr3t");
        assertThat(p.mint().expiresAt()).isEmpty();
        assertThat(p.description()).isEqualTo("environment variable DB_PASSWORD");
    }

    @Test
    void readsTheUsernameFromItsOwnVariable() {
        EnvironmentCredentialProvider p = new EnvironmentCredentialProvider(
                new CredentialSpec.Environment("DB_PASSWORD", Optional.of("DB_USER")), Optional.of("app"), env::get);

        assertThat(p.mint().username()).isEqualTo("svc");
    }

    @Test
    void aMissingVariableOrUsernameIsACredentialError() {
        assertThatThrownBy(() -> new EnvironmentCredentialProvider(CredentialSpec.Environment.of("NOPE"),
                Optional.of("app"), env::get).mint())
                .isInstanceOf(CredentialException.class)
                .hasMessage("environment variable NOPE (password) is not set");
        assertThatThrownBy(() -> new EnvironmentCredentialProvider(CredentialSpec.Environment.of("EMPTY"),
                Optional.of("app"), env::get).mint())
                .hasMessage("environment variable EMPTY (password) is not set");
        assertThatThrownBy(() -> new EnvironmentCredentialProvider(CredentialSpec.Environment.of("DB_PASSWORD"),
                Optional.empty(), env::get).mint())
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("has no username");
    }
}

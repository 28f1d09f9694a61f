package io.tenantstore.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import io.tenantstore.InvalidInputException;
import io.tenantstore.core.yaml.EnvSecretResolver;
import io.tenantstore.core.yaml.YamlLoader;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import org.junit.jupiter.api.Test;

class TenantYamlTest {
    private final EnvSecretResolver secrets = new EnvSecretResolver(Fixtures.ENV::get);

    @Test
    void writesTheDocumentedLayout() {
        Tenant t = new Tenant("0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f", "acme", "Acme Inc", "Acme",
                TenantSettings.DEFAULTS, TenantDatabase.useDefault(), 3, Instant.parse("2026-11-21T10:00:00Z"),
                Instant.parse("2026-11-21T10:05:00Z"));
        String text = TenantYaml.write(t, secrets, "tenants/acme/tenant.yaml");
        assertThat(text).isEqualTo("""
                id: 0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f
                name: Acme Inc
                displayName: Acme
                version: 3
                createdAt: 2026-11-21T10:00:00Z
                updatedAt: 2026-11-21T10:05:00Z
                settings:
                  language: en
                  sessionLifetime: 1d
                  refreshTokenLifetime: 30d
                  mfaEnabled: false
                  security:
                    passwordMinLength: 12
                    mfaRequired: false
                """);
        Tenant back = TenantYaml.read(YamlLoader.DEFAULT.parseMapping(text, "t.yaml"), "acme", secrets);
        assertThat(back).isEqualTo(t);
    }

    @Test
    void displayNameDefaultsToNameAndSettingsToDefaults() {
        Tenant t = TenantYaml.read(YamlLoader.DEFAULT.parseMapping("""
                id: 0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f
                name: Acme
                version: 1
                createdAt: 2026-11-21T10:00:00Z
                updatedAt: 2026-11-21T10:00:00Z
                """, "t.yaml"), "acme", secrets);
        assertThat(t.displayName()).isEqualTo("Acme");
        assertThat(t.settings()).isEqualTo(TenantSettings.DEFAULTS);
        assertThat(t.database()).isEqualTo(TenantDatabase.useDefault());
    }

    @Test
    void requiredKeysAndIdFormat() {
        assertThatThrownBy(() -> TenantYaml.read(YamlLoader.DEFAULT.parseMapping("name: A\n", "t.yaml"), "a", secrets))
                .isInstanceOf(InvalidInputException.class).hasMessage("t.yaml:1: missing required key 'id'");
        assertThatThrownBy(() -> TenantYaml.read(YamlLoader.DEFAULT.parseMapping("id: 42\nname: A\n", "t.yaml"), "a",
                secrets)).hasMessage("t.yaml:1: id must be a UUID, found '42'");
        assertThatThrownBy(() -> TenantYaml.read(YamlLoader.DEFAULT.parseMapping(
                "id: 0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f\nname: A\nversion: 0\ncreatedAt: 2026-11-21T10:00:00Z\n"
                        + "updatedAt: 2026-11-21T10:00:00Z\n", "t.yaml"), "a", secrets))
                .hasMessage("t.yaml:3: version must be at least 1: 0");
        assertThatThrownBy(() -> TenantYaml.read(YamlLoader.DEFAULT.parseMapping(
                "id: 0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f\nname: A\nversion: 1\ncreatedAt: 2026-11-21T10:00:00Z\n"
                        + "updatedAt: 2026-11-21T10:00:00Z\nsettings:\n  sessionLifetime: 0s\n", "t.yaml"), "a", secrets))
                .hasMessage("t.yaml:7: settings: sessionLifetime must be positive: PT0S");
    }

    @Test
    void aBadSchemaNameInTheDatabaseBlockFailsToLoadWithFileAndLine() {
        assertThatThrownBy(() -> TenantYaml.read(YamlLoader.DEFAULT.parseMapping(
                "id: 0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f\nname: A\nversion: 1\ncreatedAt: 2026-11-21T10:00:00Z\n"
                        + "updatedAt: 2026-11-21T10:00:00Z\ndatabase:\n  driver: postgres\n"
                        + "  url: jdbc:postgresql://db/app\n  isolation: schema\n  schema: 'Acme; drop'\n", "t.yaml"),
                "a", secrets))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("t.yaml:10:").hasMessageContaining("invalid schema name 'Acme; drop'");
    }
}

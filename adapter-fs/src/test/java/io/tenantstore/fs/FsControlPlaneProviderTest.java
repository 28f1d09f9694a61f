package io.tenantstore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ServiceLoader;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.Secret;
import io.tenantstore.SecretException;
import io.tenantstore.core.yaml.EnvSecretResolver;
import io.tenantstore.core.yaml.KeyringSecretResolver;
import io.tenantstore.core.yaml.SecretCodecs;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.spi.SecretCodec;
import io.tenantstore.spi.ControlPlane;
import io.tenantstore.spi.ControlPlaneConfig;
import io.tenantstore.spi.ControlPlaneProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsControlPlaneProviderTest {
    @TempDir
    Path tmp;

    @Test
    void isDiscoveredByNameAndOpensAWorkingControlPlane() {
        ControlPlaneProvider provider = ServiceLoader.load(ControlPlaneProvider.class).stream()
                .filter(p -> p.type() == FsControlPlaneProvider.class)
                .findFirst().orElseThrow().get();
        assertThat(provider.name()).isEqualTo("fs").isEqualTo(FsControlPlaneProvider.NAME);
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
        try (ControlPlane plane = provider.open(new ControlPlaneConfig(tmp, true, clock))) {
            plane.tenants().create(NewTenant.of("acme", "Acme"));
            assertThat(plane.tenants().getBySlug("acme")).isPresent();
            assertThat(plane.health().healthy()).isTrue();
        }
    }

    @Test
    void withAKeyringSecretsAreWrittenEncryptedAndBoundToTheirTenantAndField() throws Exception {
        Keyring keyring = Keyring.generate();
        SecretCodec codec = SecretCodecs.toCodec(new KeyringSecretResolver(keyring, new EnvSecretResolver(n -> null)));
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
        DbConfig own = DbConfig.builder("postgres", "jdbc:postgresql://db-7/acme").isolation(Isolation.DATABASE)
                .username("acme").password(Secret.of("db-password-in-clear")).build();
        TenantSettings d = TenantSettings.DEFAULTS;
        TenantSettings settings = new TenantSettings(d.language(), d.sessionLifetime(), d.refreshTokenLifetime(),
                d.mfaEnabled(), d.security(), new TenantSettings.SmtpSettings("smtp.acme.io", 587, "mailer",
                        Secret.of("smtp-password-in-clear"), "no-reply@acme.io"));
        try (ControlPlane plane = new FsControlPlaneProvider().open(new ControlPlaneConfig(tmp, true, clock, codec))) {
            plane.tenants().create(new NewTenant("acme", "Acme", "Acme", settings, TenantDatabase.own(own)));
            plane.tenants().create(NewTenant.of("globex", "Globex"));
            Tenant back = plane.tenants().getBySlug("acme").orElseThrow();
            assertThat(((TenantDatabase.Own) back.database()).config().password().orElseThrow().reveal())
                    .isEqualTo("db-password-in-clear");
            assertThat(back.settings().smtp().password().reveal()).isEqualTo("smtp-password-in-clear");
        }
        String yaml = Files.readString(tmp.resolve("tenants/acme/tenant.yaml"));
        assertThat(yaml).contains("enc:").doesNotContain("db-password-in-clear").doesNotContain("smtp-password-in-clear");

        // A tenant.yaml copied to another tenant does not decrypt there.
        Files.writeString(tmp.resolve("tenants/globex/tenant.yaml"), yaml);
        try (ControlPlane plane = new FsControlPlaneProvider().open(new ControlPlaneConfig(tmp, false, clock, codec))) {
            assertThatThrownBy(() -> plane.tenants().getBySlug("globex"))
                    .isInstanceOf(SecretException.class)
                    .hasMessageContaining("globex")
                    .hasMessageNotContaining("in-clear");
        }
        // Without the keyring, the encrypted values are refused with a typed error.
        try (ControlPlane plane = new FsControlPlaneProvider().open(new ControlPlaneConfig(tmp, false, clock))) {
            assertThatThrownBy(() -> plane.tenants().getBySlug("acme")).isInstanceOf(SecretException.class)
                    .hasMessageContaining("keyring");
        }
    }
}

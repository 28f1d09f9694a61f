package io.tenantstore.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.tenantstore.core.internal.FakeClock;
import io.tenantstore.CredentialSpec;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import org.junit.jupiter.api.Test;

class CredentialProvidersTest {
    @Test
    void buildsAProviderForEachKindOfSource() {
        Optional<String> user = Optional.of("app");

        assertThat(CredentialProviders.of(new CredentialSpec.Static(Secret.of("pw")), user))
                .isInstanceOf(StaticCredentialProvider.class)
                .satisfies(p -> assertThat(p.mint().username()).isEqualTo("app"));
        assertThat(CredentialProviders.of(CredentialSpec.Environment.of("DB_PASSWORD"), user))
                .isInstanceOf(EnvironmentCredentialProvider.class);
        assertThat(CredentialProviders.of(CredentialSpec.File.of(Path.of("/run/secrets/db")), user))
                .isInstanceOf(FileCredentialProvider.class)
                .satisfies(p -> assertThat(p.recheckInterval()).contains(Duration.ofSeconds(10)));
        assertThat(CredentialProviders.of(CredentialSpec.Command.of(List.of("/bin/db-token", "acme")), user))
                .isInstanceOf(CommandCredentialProvider.class);
    }

    @Test
    void aDataSourceGetsAMintedProviderOnlyWhenItNamesACredentialsSource() {
        io.tenantstore.PasswordHasher unusedHasher = io.tenantstore.core.Argon2idPasswordHasher.defaults();
        io.tenantstore.DbConfig fixed = io.tenantstore.DbConfig.builder("postgres", "jdbc:postgresql://db/app")
                .username("app").password(Secret.of("pw")).build();
        assertThat(CredentialProviders.forDataSource(new io.tenantstore.spi.AdapterConfig(fixed,
                java.time.Clock.systemUTC(), Runnable::run, unusedHasher, List.of()), "db")).isEmpty();

        io.tenantstore.DbConfig rotating = io.tenantstore.DbConfig.builder("postgres", "jdbc:postgresql://db/app")
                .username("app").credentials(CredentialSpec.of(new CredentialSpec.Static(Secret.of("minted")))).build();
        RefreshingCredentialProvider p = CredentialProviders.forDataSource(new io.tenantstore.spi.AdapterConfig(
                rotating, java.time.Clock.systemUTC(), Runnable::run, unusedHasher, List.of()), "db").orElseThrow();
        assertThat(p.name()).isEqualTo("db");
        assertThat(p.current().username()).isEqualTo("app");
        assertThat(p.current().secret().reveal()).isEqualTo("minted");
    }

    @Test
    void aStaticSourceNeedsAUsername() {
        assertThatThrownBy(() -> CredentialProviders.of(new CredentialSpec.Static(Secret.of("pw")), Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("a static credential needs the data source's username");
    }

    @Test
    void refreshingCarriesTheSpecsSettingsAndMintsAtBuild() {
        FakeClock clock = new FakeClock();
        CredentialSpec spec = new CredentialSpec(new CredentialSpec.Static(Secret.of("pw")),
                CredentialSpec.Refresh.DEFAULTS.withBreakerThreshold(2));

        RefreshingCredentialProvider p = CredentialProviders.refreshing(spec, Optional.of("app"))
                .clock(clock).executor(Runnable::run).build();

        assertThat(p.current().secret().reveal()).isEqualTo("pw");
        assertThat(p.name()).isEqualTo("static credential for app");
    }
}

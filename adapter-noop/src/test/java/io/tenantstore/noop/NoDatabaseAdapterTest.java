package io.tenantstore.noop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.NoDatabaseException;
import io.tenantstore.PasswordHasher;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.OneTimeTokenPurpose;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import org.junit.jupiter.api.Test;

class NoDatabaseAdapterTest {
    private static final PasswordHasher NEVER = new PasswordHasher() {
        @Override
        public String hash(char[] password) {
            throw new AssertionError("not used");
        }

        @Override
        public boolean verify(char[] password, String encoded) {
            throw new AssertionError("not used");
        }
    };

    private final TenantRepositories repos = new NoDatabaseAdapter()
            .connect(new AdapterConfig(DbConfig.of("noop", "none"), Clock.systemUTC(), Runnable::run, NEVER, List.of()))
            .bind(new TenantScope("0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f", "docs", Isolation.SHARED, null));

    @Test
    void isRegisteredForServiceLoaderUnderItsName() {
        assertThat(ServiceLoader.load(StoreAdapter.class).stream().map(p -> p.get().name())).contains("noop");
    }

    @Test
    void everyDataPlaneCallRaisesNoDatabaseNamingTheTenantAndOperation() {
        assertThatThrownBy(() -> repos.users().create(NewUser.of("a@b.c", null)))
                .isInstanceOf(NoDatabaseException.class)
                .hasMessageContaining("'docs'")
                .hasMessageContaining("UserRepository.create");
        assertThatThrownBy(() -> repos.tokens().deleteExpired()).isInstanceOf(NoDatabaseException.class);
        assertThatThrownBy(() -> repos.mfa().isTrustedDevice("u", "d")).isInstanceOf(NoDatabaseException.class);
        assertThatThrownBy(() -> repos.consents().listByUser("u", true)).isInstanceOf(NoDatabaseException.class);
        assertThatThrownBy(() -> repos.rbac().listRoles()).isInstanceOf(NoDatabaseException.class);
        assertThatThrownBy(() -> repos.mfa().addTrustedDevice("u", "d", Duration.ofDays(1)))
                .isInstanceOf(NoDatabaseException.class);
        assertThatThrownBy(() -> repos.unwrap(Object.class)).isInstanceOf(NoDatabaseException.class);
    }

    @Test
    void oneTimeTokenAndIdentityCallsRaiseNoDatabaseToo() {
        assertThatThrownBy(() -> repos.oneTimeTokens().consume("h", OneTimeTokenPurpose.MAGIC_LINK))
                .isInstanceOf(NoDatabaseException.class)
                .hasMessageContaining("OneTimeTokenRepository.consume");
        assertThatThrownBy(() -> repos.identities().find("google", "1")).isInstanceOf(NoDatabaseException.class)
                .hasMessageContaining("IdentityRepository.find");
    }

    @Test
    void objectMethodsStillWork() {
        assertThat(repos.users().toString()).isEqualTo("NoDatabaseUserRepository[docs]");
        assertThat(repos.users()).isEqualTo(repos.users());
    }
}

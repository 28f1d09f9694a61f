package io.tenantstore.spi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantstore.ErrorCode;
import io.tenantstore.UnsupportedFeatureException;
import io.tenantstore.repository.ConsentRepository;
import io.tenantstore.repository.MfaRepository;
import io.tenantstore.repository.RbacRepository;
import io.tenantstore.repository.TokenRepository;
import io.tenantstore.repository.UserRepository;
import org.junit.jupiter.api.Test;

class TenantRepositoriesTest {
    /** An adapter's repositories written before one-time tokens existed: only the original methods. */
    private static final class OlderRepositories implements TenantRepositories {
        @Override
        public UserRepository users() {
            throw new AssertionError("not called");
        }

        @Override
        public TokenRepository tokens() {
            throw new AssertionError("not called");
        }

        @Override
        public MfaRepository mfa() {
            throw new AssertionError("not called");
        }

        @Override
        public ConsentRepository consents() {
            throw new AssertionError("not called");
        }

        @Override
        public RbacRepository rbac() {
            throw new AssertionError("not called");
        }
    }

    @Test
    void anAdapterWithoutTheNewerRepositoriesAnswersWithATypedErrorNamingIt() {
        assertThatThrownBy(() -> new OlderRepositories().oneTimeTokens())
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining(OlderRepositories.class.getName())
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((UnsupportedFeatureException) e).code())
                        .isEqualTo(ErrorCode.UNSUPPORTED));
        assertThatThrownBy(() -> new OlderRepositories().identities())
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining(OlderRepositories.class.getName());
    }
}

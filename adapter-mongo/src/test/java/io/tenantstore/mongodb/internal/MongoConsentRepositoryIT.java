package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.model.Consent;
import io.tenantstore.repository.ConsentRepository;
import io.tenantstore.spi.TenantRepositories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(value = Isolation.class, names = {"DATABASE", "SHARED"})
class MongoConsentRepositoryIT {
    @Parameter
    Isolation isolation;

    private TestTenants tenants;
    private ConsentRepository consents;
    private String u1;
    private String u2;

    @BeforeEach
    void bind() {
        tenants = new TestTenants(isolation);
        TenantRepositories repos = tenants.bind("consents");
        consents = repos.consents();
        u1 = TestTenants.newUser(repos);
        u2 = TestTenants.newUser(repos);
    }

    @AfterEach
    void close() {
        tenants.close();
    }

    @Test
    void upsertGrantsWithSortedScopes() {
        Consent c = consents.upsert(u1, "app", Set.of("profile", "email", "openid"));

        Instant now = tenants.clock.instant().truncatedTo(ChronoUnit.MILLIS);
        assertThat(c.userId()).isEqualTo(u1);
        assertThat(c.clientId()).isEqualTo("app");
        assertThat(c.scopes()).containsExactly("email", "openid", "profile");
        assertThat(c.grantedAt()).isEqualTo(now);
        assertThat(c.updatedAt()).isEqualTo(now);
        assertThat(c.active()).isTrue();
        assertThat(consents.get(u1, "app")).contains(c);
        assertThat(consents.get(u1, "other")).isEmpty();
    }

    @Test
    void upsertReplacesScopesAndReactivatesKeepingTheFirstGrantTime() {
        Consent first = consents.upsert(u1, "app", Set.of("openid"));
        tenants.clock.advance(Duration.ofHours(1));
        assertThat(consents.revoke(u1, "app")).isTrue();
        assertThat(consents.get(u1, "app").orElseThrow().active()).isFalse();
        tenants.clock.advance(Duration.ofHours(1));

        Consent again = consents.upsert(u1, "app", Set.of("openid", "email"));

        assertThat(again.active()).isTrue();
        assertThat(again.scopes()).containsExactly("email", "openid");
        assertThat(again.grantedAt()).isEqualTo(first.grantedAt());
        assertThat(again.updatedAt()).isAfter(first.updatedAt());
    }

    @Test
    void revokeReportsWhetherAnActiveConsentWasRevoked() {
        consents.upsert(u1, "app", Set.of("openid"));

        assertThat(consents.revoke(u1, "app")).isTrue();
        assertThat(consents.revoke(u1, "app")).isFalse();
        assertThat(consents.revoke(u1, "missing")).isFalse();
        assertThat(consents.get(u1, "app").orElseThrow().revokedAt()).isNotNull();
    }

    @Test
    void listByUserOrdersByClientAndCanSkipRevokedOnes() {
        consents.upsert(u1, "zeta", Set.of("openid"));
        consents.upsert(u1, "alpha", Set.of("openid"));
        consents.upsert(u1, "mid", Set.of("openid"));
        consents.upsert(u2, "alpha", Set.of("openid"));
        consents.revoke(u1, "mid");

        assertThat(consents.listByUser(u1, false)).extracting(Consent::clientId)
                .containsExactly("alpha", "mid", "zeta");
        assertThat(consents.listByUser(u1, true)).extracting(Consent::clientId).containsExactly("alpha", "zeta");
        assertThat(consents.listByUser(TestTenants.UNKNOWN_USER, false)).isEmpty();
    }

    @Test
    void badScopesClientsAndUnknownUsersAreRejected() {
        assertThatThrownBy(() -> consents.upsert(u1, "app", Set.of(" "))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> consents.upsert(u1, "app", Set.of("bad scope")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> consents.upsert(u1, "bad client", Set.of("openid")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> consents.upsert(TestTenants.UNKNOWN_USER, "app", Set.of("openid")))
                .isInstanceOf(io.tenantstore.NotFoundException.class);
        assertThat(consents.get(u1, "app")).isEmpty();
    }
}

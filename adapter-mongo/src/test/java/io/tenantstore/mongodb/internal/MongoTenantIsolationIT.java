package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoDatabase;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.NotFoundException;
import io.tenantstore.Secret;
import io.tenantstore.model.NewRefreshToken;
import io.tenantstore.model.NewRole;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import io.tenantstore.model.UserQuery;
import io.tenantstore.model.UserUpdate;
import io.tenantstore.spi.TenantRepositories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two tenants on one data source with the same emails, token hashes, role names, recovery codes
 * and device hashes: each sees and changes only its own.
 */
@ParameterizedClass
@EnumSource(value = Isolation.class, names = {"DATABASE", "SHARED"})
class MongoTenantIsolationIT {
    private static final Duration HOUR = Duration.ofHours(1);

    @Parameter
    Isolation isolation;

    private TestTenants tenants;
    private TenantRepositories a;
    private TenantRepositories b;
    private User anaA;
    private User anaB;

    @BeforeEach
    void twoTenantsWithTheSameData() {
        tenants = new TestTenants(isolation);
        a = tenants.bind("alpha");
        b = tenants.bind("beta");
        anaA = a.users().create(new NewUser("ana@acme.io", tenants.hasher.hash("pw-a".toCharArray()), "Ana A", false));
        anaB = b.users().create(new NewUser("ANA@acme.io", tenants.hasher.hash("pw-b".toCharArray()), "Ana B", true));
        for (TenantRepositories t : List.of(a, b)) {
            String user = t == a ? anaA.id() : anaB.id();
            t.tokens().create(new NewRefreshToken("same-hash", user, "app", List.of("openid"), HOUR));
            t.mfa().upsertTotp(user, Secret.of(t == a ? "SEEDA" : "SEEDB"));
            t.mfa().setRecoveryCodes(user, List.of("code-1", "code-2"));
            t.mfa().addTrustedDevice(user, "device", HOUR);
            t.consents().upsert(user, "app", Set.of("openid"));
            t.rbac().createRole(new NewRole("admin", "admins of " + (t == a ? "A" : "B"),
                    Set.of(t == a ? "a:all" : "b:all"), List.of(), false));
            t.rbac().assignRole(user, "admin");
        }
    }

    @AfterEach
    void close() {
        tenants.close();
    }

    @Test
    void theTenantsLiveWhereTheIsolationSays() {
        String dbA = a.unwrap(MongoDatabase.class).orElseThrow().getName();
        String dbB = b.unwrap(MongoDatabase.class).orElseThrow().getName();

        if (isolation == Isolation.SHARED) {
            assertThat(dbA).isEqualTo(dbB);
        } else {
            assertThat(dbA).startsWith("t_alpha_").isNotEqualTo(dbB);
        }
    }

    @Test
    void usersAreSeparate() {
        assertThat(a.users().getByEmail("ana@acme.io").orElseThrow().user()).isEqualTo(anaA);
        assertThat(b.users().getByEmail("ana@acme.io").orElseThrow().user()).isEqualTo(anaB);
        assertThat(a.users().getById(anaB.id())).isEmpty();
        assertThat(a.users().list(UserQuery.firstPage()).users()).containsExactly(anaA);
        assertThat(a.users().list(new UserQuery(50, "Ana B", null)).users()).isEmpty();
        assertThat(a.users().checkPassword(anaA.id(), "pw-a".toCharArray())).isTrue();
        assertThat(a.users().checkPassword(anaB.id(), "pw-b".toCharArray())).isFalse();
    }

    @Test
    void oneTenantCannotChangeAnothersUsers() {
        assertThatThrownBy(() -> a.users().update(anaB.id(), new UserUpdate(null, "hijacked")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> a.users().disable(anaB.id(), "x", "y", null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> a.users().setPassword(anaB.id(), "new".toCharArray()))
                .isInstanceOf(NotFoundException.class);
        assertThat(a.users().delete(anaB.id())).isFalse();

        assertThat(b.users().getById(anaB.id())).contains(anaB);
        assertThat(b.tokens().getByHash("same-hash")).isPresent();
    }

    @Test
    void tokensAreSeparate() {
        assertThat(a.tokens().getByHash("same-hash").orElseThrow().userId()).isEqualTo(anaA.id());
        assertThat(a.tokens().revoke("same-hash")).isTrue();
        assertThat(b.tokens().getByHash("same-hash").orElseThrow().revokedAt()).isNull();

        assertThat(b.tokens().rotate("same-hash", "next", HOUR).userId()).isEqualTo(anaB.id());
        assertThat(a.tokens().getByHash("next")).isEmpty();
        assertThatThrownBy(() -> a.tokens().rotate("next", "next-2", HOUR)).isInstanceOf(InvalidInputException.class);
        assertThat(b.tokens().getByHash("next").orElseThrow().rotatedAt()).isNull();

        assertThat(a.tokens().revokeAllByClient("app")).isZero();
        assertThat(b.tokens().getByHash("next").orElseThrow().revokedAt()).isNull();
        assertThat(a.tokens().revokeAllByUser(anaB.id(), null)).isZero();
        tenants.clock.advance(HOUR);
        assertThat(a.tokens().deleteExpired()).isEqualTo(1);
        assertThat(b.tokens().getByHash("same-hash")).isPresent();
    }

    @Test
    void reuseDetectionRevokesOnlyTheTenantsOwnFamily() {
        a.tokens().rotate("same-hash", "a-next", HOUR);
        b.tokens().rotate("same-hash", "b-next", HOUR);

        assertThatThrownBy(() -> a.tokens().rotate("same-hash", "a-again", HOUR))
                .isInstanceOf(InvalidInputException.class);

        assertThat(a.tokens().getByHash("a-next").orElseThrow().revokedAt()).isNotNull();
        assertThat(b.tokens().getByHash("b-next").orElseThrow().revokedAt()).isNull();
    }

    @Test
    void mfaIsSeparate() {
        assertThat(a.mfa().getTotp(anaA.id()).orElseThrow().secret().reveal()).isEqualTo("SEEDA");
        assertThat(a.mfa().getTotp(anaB.id())).isEmpty();
        assertThat(a.mfa().useRecoveryCode(anaA.id(), "code-1")).isTrue();
        assertThat(b.mfa().useRecoveryCode(anaB.id(), "code-1")).isTrue();
        assertThat(a.mfa().useRecoveryCode(anaB.id(), "code-2")).isFalse();
        assertThat(b.mfa().remainingRecoveryCodes(anaB.id())).isEqualTo(1);
        assertThat(a.mfa().deleteRecoveryCodes(anaB.id())).isZero();
        assertThat(a.mfa().isTrustedDevice(anaB.id(), "device")).isFalse();
        assertThat(a.mfa().removeTrustedDevices(anaB.id())).isZero();
        assertThat(b.mfa().isTrustedDevice(anaB.id(), "device")).isTrue();
        assertThat(a.mfa().disableTotp(anaB.id())).isFalse();
        assertThat(a.mfa().markTotpUsed(anaB.id(), 10)).isFalse();
    }

    @Test
    void writesForAnotherTenantsUserAreNotFound() {
        assertThatThrownBy(() -> a.tokens().create(new NewRefreshToken("x", anaB.id(), "app", List.of(), HOUR)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> a.mfa().upsertTotp(anaB.id(), Secret.of("X"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> a.mfa().setRecoveryCodes(anaB.id(), List.of("x")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> a.consents().upsert(anaB.id(), "app", Set.of("openid")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> a.rbac().assignRole(anaB.id(), "admin")).isInstanceOf(NotFoundException.class);
        assertThat(b.mfa().getTotp(anaB.id()).orElseThrow().secret().reveal()).isEqualTo("SEEDB");
    }

    @Test
    void consentsAreSeparate() {
        assertThat(a.consents().revoke(anaB.id(), "app")).isFalse();
        assertThat(a.consents().listByUser(anaB.id(), false)).isEmpty();
        assertThat(b.consents().get(anaB.id(), "app").orElseThrow().active()).isTrue();
    }

    @Test
    void rolesAreSeparate() {
        assertThat(a.rbac().getRole("admin").orElseThrow().description()).isEqualTo("admins of A");
        assertThat(a.rbac().userPermissions(anaA.id())).containsExactly("a:all");
        assertThat(b.rbac().userPermissions(anaB.id())).containsExactly("b:all");
        assertThat(a.rbac().userRoles(anaB.id())).isEmpty();

        a.rbac().addPermission("admin", "a:more");
        assertThat(a.rbac().deleteRole("admin")).isTrue();

        assertThat(b.rbac().getRole("admin").orElseThrow().permissions()).containsExactly("b:all");
        assertThat(b.rbac().userRoles(anaB.id())).hasSize(1);
        assertThat(a.rbac().listRoles()).isEmpty();
        assertThat(b.rbac().listRoles()).hasSize(1);
    }

    @Test
    void deletingUsersNeverTouchesTheOtherTenant() {
        assertThat(a.users().delete(anaA.id())).isTrue();
        assertThat(a.users().delete(anaB.id())).isFalse();

        assertThat(b.users().getById(anaB.id())).isPresent();
        assertThat(b.mfa().remainingRecoveryCodes(anaB.id())).isEqualTo(2);
        assertThat(b.rbac().userRoles(anaB.id())).hasSize(1);
        assertThat(b.consents().get(anaB.id(), "app")).isPresent();
    }
}

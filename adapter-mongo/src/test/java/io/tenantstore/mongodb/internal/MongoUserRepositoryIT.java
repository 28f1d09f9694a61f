package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.tenantstore.ConflictException;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.NotFoundException;
import io.tenantstore.Secret;
import io.tenantstore.model.NewRefreshToken;
import io.tenantstore.model.NewRole;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import io.tenantstore.model.UserAccount;
import io.tenantstore.model.UserPage;
import io.tenantstore.model.UserProfile;
import io.tenantstore.model.UserQuery;
import io.tenantstore.model.UserUpdate;
import io.tenantstore.repository.UserRepository;
import io.tenantstore.spi.TenantRepositories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(value = Isolation.class, names = {"DATABASE", "SHARED"})
class MongoUserRepositoryIT {
    @Parameter
    Isolation isolation;

    private TestTenants tenants;
    private TenantRepositories repos;
    private UserRepository users;

    @BeforeEach
    void bind() {
        tenants = new TestTenants(isolation);
        repos = tenants.bind("users");
        users = repos.users();
    }

    @AfterEach
    void close() {
        tenants.close();
    }

    @Test
    void createStoresTheUserWithTheClocksTimeInMilliseconds() {
        User u = users.create(new NewUser("Ana@Acme.io", "hash-1", "Ana", true));

        Instant expected = tenants.clock.instant().truncatedTo(ChronoUnit.MILLIS);
        assertThat(u.id()).hasSize(36);
        assertThat(u.email()).isEqualTo("Ana@Acme.io");
        assertThat(u.emailVerified()).isTrue();
        assertThat(u.displayName()).isEqualTo("Ana");
        assertThat(u.disabled()).isNull();
        assertThat(u.createdAt()).isEqualTo(expected);
        assertThat(u.updatedAt()).isEqualTo(expected);
        assertThat(users.getById(u.id())).contains(u);
    }

    @Test
    void getByEmailIgnoresCaseAndReturnsThePasswordIdentity() {
        User u = users.create(NewUser.of("Ana@Acme.io", "hash-1"));

        UserAccount account = users.getByEmail("ana@ACME.io").orElseThrow();
        assertThat(account.user()).isEqualTo(u);
        assertThat(account.passwordIdentity()).hasValueSatisfying(id -> {
            assertThat(id.userId()).isEqualTo(u.id());
            assertThat(id.passwordHash()).isEqualTo("hash-1");
        });
        assertThat(users.getByEmail("nobody@acme.io")).isEmpty();
    }

    @Test
    void aUserWithoutPasswordHasNoIdentity() {
        users.create(NewUser.of("sso@acme.io", null));

        assertThat(users.getByEmail("sso@acme.io").orElseThrow().passwordIdentity()).isEmpty();
    }

    @Test
    void duplicateEmailInAnyCaseIsAConflictNamingTheEmail() {
        users.create(NewUser.of("ana@acme.io", "h"));

        assertThatThrownBy(() -> users.create(NewUser.of("ANA@acme.IO", "h")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("'ANA@acme.IO'")
                .satisfies(e -> assertThat(((ConflictException) e).code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void malformedEmailsAreRejected() {
        for (String bad : List.of("", "no-at-sign", "@acme.io", "ana@", "ana @acme.io", "a@b@c", "a@acme..io",
                "a..b@acme.io", "x".repeat(250) + "@acme.io")) {
            assertThatThrownBy(() -> users.create(NewUser.of(bad, "h")))
                    .as(bad).isInstanceOf(InvalidInputException.class);
        }
        assertThat(users.list(UserQuery.firstPage()).users()).isEmpty();
    }

    @Test
    void listPagesInIdOrderWithACursor() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(users.create(NewUser.of("user" + i + "@acme.io", "h")).id());
        }
        ids.sort(null);

        UserPage first = users.list(new UserQuery(3, null, null));
        UserPage second = users.list(new UserQuery(3, null, first.nextCursor()));
        UserPage third = users.list(new UserQuery(3, null, second.nextCursor()));

        assertThat(first.users()).extracting(User::id).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(second.users()).extracting(User::id).containsExactlyElementsOf(ids.subList(3, 6));
        assertThat(third.users()).extracting(User::id).containsExactly(ids.get(6));
        assertThat(third.next()).isEmpty();
    }

    @Test
    void aFullLastPageHasNoNextCursor() {
        users.create(NewUser.of("a@acme.io", "h"));
        users.create(NewUser.of("b@acme.io", "h"));

        assertThat(users.list(new UserQuery(2, null, null)).nextCursor()).isNull();
    }

    @Test
    void listSearchesPrefixesOfEmailAndNamesIgnoringCaseAndRegexCharacters() {
        users.create(new NewUser("ana@acme.io", "h", "Ana Lima", false));
        users.create(new NewUser("bob@other.io", "h", "(Bob) Robert", false));
        users.create(new NewUser("carla@acme.io", "h", null, false)
                .withProfile(new UserProfile("Carla", "Souza", null, null, null, null, false, null)));

        assertThat(users.list(new UserQuery(50, "ANA", null)).users()).extracting(User::email)
                .containsExactly("ana@acme.io");
        assertThat(users.list(new UserQuery(50, "acme", null)).users()).as("not a prefix").isEmpty();
        assertThat(users.list(new UserQuery(50, "souz", null)).users()).extracting(User::email)
                .containsExactly("carla@acme.io");
        assertThat(users.list(new UserQuery(50, "(bob)", null)).users()).extracting(User::email)
                .containsExactly("bob@other.io");
        assertThat(users.list(new UserQuery(50, ".*", null)).users()).isEmpty();
    }

    @Test
    void aForgedCursorIsInvalidInput() {
        assertThatThrownBy(() -> users.list(new UserQuery(10, null, "not-a-cursor")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cursor");
    }

    @Test
    void updateChangesFieldsAndANewEmailClearsVerification() {
        User u = users.create(new NewUser("ana@acme.io", "h", "Ana", true));
        tenants.clock.advance(Duration.ofMinutes(1));

        User renamed = users.update(u.id(), new UserUpdate(null, "Ana L."));
        assertThat(renamed.displayName()).isEqualTo("Ana L.");
        assertThat(renamed.emailVerified()).isTrue();
        assertThat(renamed.updatedAt()).isAfter(u.updatedAt());

        User moved = users.update(u.id(), new UserUpdate("ana@new.io", null));
        assertThat(moved.email()).isEqualTo("ana@new.io");
        assertThat(moved.emailVerified()).isFalse();
        assertThat(users.getByEmail("ANA@new.io")).isPresent();
        assertThat(users.getByEmail("ana@acme.io")).isEmpty();
    }

    @Test
    void changingOnlyTheCaseOfTheEmailKeepsVerification() {
        User u = users.create(new NewUser("ana@acme.io", "h", null, true));

        User recased = users.update(u.id(), new UserUpdate("Ana@ACME.io", null));

        assertThat(recased.email()).isEqualTo("Ana@ACME.io");
        assertThat(recased.emailVerified()).isTrue();
    }

    @Test
    void malformedIdsAreInvalidInputQuotingTheId() {
        assertThatThrownBy(() -> users.getById("42")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'42'");
        assertThatThrownBy(() -> users.delete("nope")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> users.checkPassword("nope", "x".toCharArray()))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repos.tokens().revokeAllByUser("x", null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repos.mfa().getTotp("x")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repos.consents().listByUser("x", false)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repos.rbac().userRoles("x")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void updateToATakenEmailIsAConflictAndUnknownUsersAreNotFound() {
        users.create(NewUser.of("ana@acme.io", "h"));
        User bob = users.create(NewUser.of("bob@acme.io", "h"));

        assertThatThrownBy(() -> users.update(bob.id(), new UserUpdate("Ana@acme.io", null)))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> users.update("00000000-0000-0000-0000-000000000000", new UserUpdate(null, "x")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> users.update("00000000-0000-0000-0000-000000000000", new UserUpdate(null, null)))
                .isInstanceOf(NotFoundException.class);
        assertThat(users.update(bob.id(), new UserUpdate(null, null))).isEqualTo(bob);
    }

    @Test
    void deleteRemovesTheUserAndEverythingItOwns() {
        User u = users.create(NewUser.of("ana@acme.io", "h"));
        User other = users.create(NewUser.of("bob@acme.io", "h"));
        repos.tokens().create(new NewRefreshToken("tok-ana", u.id(), "app", List.of("openid"), Duration.ofHours(1)));
        repos.tokens().create(new NewRefreshToken("tok-bob", other.id(), "app", List.of(), Duration.ofHours(1)));
        repos.mfa().upsertTotp(u.id(), Secret.of("SEED"));
        repos.mfa().setRecoveryCodes(u.id(), List.of("c1", "c2"));
        repos.mfa().addTrustedDevice(u.id(), "dev", Duration.ofDays(1));
        repos.consents().upsert(u.id(), "app", Set.of("openid"));
        repos.rbac().createRole(new NewRole("admin", "", Set.of("all"), List.of(), false));
        repos.rbac().assignRole(u.id(), "admin");

        assertThat(users.delete(u.id())).isTrue();

        assertThat(users.getById(u.id())).isEmpty();
        assertThat(repos.tokens().getByHash("tok-ana")).isEmpty();
        assertThat(repos.mfa().getTotp(u.id())).isEmpty();
        assertThat(repos.mfa().remainingRecoveryCodes(u.id())).isZero();
        assertThat(repos.mfa().isTrustedDevice(u.id(), "dev")).isFalse();
        assertThat(repos.consents().get(u.id(), "app")).isEmpty();
        assertThat(repos.rbac().userRoles(u.id())).isEmpty();
        assertThat(repos.tokens().getByHash("tok-bob")).isPresent();
        assertThat(users.delete(u.id())).isFalse();
    }

    @Test
    void disableAndEnableRecordWhoWhyAndUntil() {
        User u = users.create(NewUser.of("ana@acme.io", "h"));
        Instant until = tenants.clock.instant().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);

        User disabled = users.disable(u.id(), "admin-1", "fraud check", until);
        assertThat(disabled.disabled()).isNotNull();
        assertThat(disabled.disabled().by()).isEqualTo("admin-1");
        assertThat(disabled.disabled().reason()).isEqualTo("fraud check");
        assertThat(disabled.disabled().until()).isEqualTo(until);
        assertThat(disabled.isDisabledAt(tenants.clock.instant())).isTrue();
        assertThat(users.getById(u.id()).orElseThrow().disabled()).isEqualTo(disabled.disabled());

        User enabled = users.enable(u.id());
        assertThat(enabled.disabled()).isNull();
        assertThatThrownBy(() -> users.disable(TestTenants.UNKNOWN_USER, "a", "b", null))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> users.enable(TestTenants.UNKNOWN_USER)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void setEmailVerifiedFlipsTheFlag() {
        User u = users.create(NewUser.of("ana@acme.io", "h"));

        assertThat(users.setEmailVerified(u.id(), true).emailVerified()).isTrue();
        assertThat(users.getById(u.id()).orElseThrow().emailVerified()).isTrue();
        assertThat(users.setEmailVerified(u.id(), false).emailVerified()).isFalse();
        assertThatThrownBy(() -> users.setEmailVerified(TestTenants.UNKNOWN_USER, true))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void passwordsAreSetThroughTheStoresHasherAndChecked() {
        User u = users.create(NewUser.of("ana@acme.io", null));
        assertThat(users.checkPassword(u.id(), "secret".toCharArray())).isFalse();

        users.setPassword(u.id(), "secret".toCharArray());

        assertThat(tenants.hasher.hashes).hasValue(1);
        assertThat(users.getByEmail("ana@acme.io").orElseThrow().password().passwordHash())
                .isEqualTo(FakePasswordHasher.PREFIX + "terces");
        assertThat(users.checkPassword(u.id(), "secret".toCharArray())).isTrue();
        assertThat(users.checkPassword(u.id(), "wrong".toCharArray())).isFalse();
        assertThat(users.checkPassword(TestTenants.UNKNOWN_USER, "secret".toCharArray())).isFalse();
        assertThatThrownBy(() -> users.setPassword(TestTenants.UNKNOWN_USER, "x".toCharArray()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void updatePasswordHashStoresTheGivenHash() {
        User u = users.create(NewUser.of("ana@acme.io", "old"));
        tenants.clock.advance(Duration.ofSeconds(5));

        users.updatePasswordHash(u.id(), tenants.hasher.hash("new-pw".toCharArray()));

        var identity = users.getByEmail("ana@acme.io").orElseThrow().password();
        assertThat(identity.updatedAt()).isAfter(u.createdAt());
        assertThat(users.checkPassword(u.id(), "new-pw".toCharArray())).isTrue();
        assertThatThrownBy(() -> users.updatePasswordHash(TestTenants.UNKNOWN_USER, "h"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> users.updatePasswordHash(u.id(), " ")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aDisabledUsersPasswordDoesNotCheckUntilTheDisablementEnds() {
        User u = users.create(NewUser.of("ana@acme.io", tenants.hasher.hash("pw".toCharArray())));
        users.disable(u.id(), "ops", "locked", tenants.clock.instant().plus(Duration.ofHours(1)));

        assertThat(users.checkPassword(u.id(), "pw".toCharArray())).isFalse();
        tenants.clock.advance(Duration.ofHours(1));
        assertThat(users.checkPassword(u.id(), "pw".toCharArray())).isTrue();

        users.disable(u.id(), "ops", "for good", null);
        tenants.clock.advance(Duration.ofDays(365));
        assertThat(users.checkPassword(u.id(), "pw".toCharArray())).isFalse();
    }
}

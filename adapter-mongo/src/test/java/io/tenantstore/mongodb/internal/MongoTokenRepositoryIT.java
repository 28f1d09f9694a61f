package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.tenantstore.ConflictException;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.StoreException;
import io.tenantstore.model.NewRefreshToken;
import io.tenantstore.model.RefreshToken;
import io.tenantstore.repository.TokenRepository;
import io.tenantstore.spi.TenantRepositories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(value = Isolation.class, names = {"DATABASE", "SHARED"})
class MongoTokenRepositoryIT {
    private static final Duration HOUR = Duration.ofHours(1);

    @Parameter
    Isolation isolation;

    private TestTenants tenants;
    private TokenRepository tokens;
    private String u1;
    private String u2;

    @BeforeEach
    void bind() {
        tenants = new TestTenants(isolation);
        TenantRepositories repos = tenants.bind("tokens");
        tokens = repos.tokens();
        u1 = TestTenants.newUser(repos);
        u2 = TestTenants.newUser(repos);
    }

    @AfterEach
    void close() {
        tenants.close();
    }

    private RefreshToken create(String hash, String user, String client) {
        return tokens.create(new NewRefreshToken(hash, user, client, List.of("openid", "offline_access"), HOUR));
    }

    @Test
    void createStartsAFamilyAndGetByHashFindsTheTokenInAnyState() {
        RefreshToken t = create("h1", u1, "app");

        Instant now = tenants.clock.instant().truncatedTo(ChronoUnit.MILLIS);
        assertThat(t.id()).isNotEqualTo(t.familyId());
        assertThat(t.tokenHash()).isEqualTo("h1");
        assertThat(t.scopes()).containsExactly("openid", "offline_access");
        assertThat(t.createdAt()).isEqualTo(now);
        assertThat(t.expiresAt()).isEqualTo(now.plus(HOUR));
        assertThat(t.isActiveAt(now)).isTrue();
        assertThat(tokens.getByHash("h1")).contains(t);

        tokens.revoke("h1");
        assertThat(tokens.getByHash("h1")).hasValueSatisfying(r -> assertThat(r.revokedAt()).isEqualTo(now));
        assertThat(tokens.getByHash("unknown")).isEmpty();
    }

    @Test
    void aDuplicateHashIsAConflictThatDoesNotQuoteTheHash() {
        create("secret-hash", u1, "app");

        assertThatThrownBy(() -> create("secret-hash", u2, "app"))
                .isInstanceOf(ConflictException.class)
                .hasMessageNotContaining("secret-hash");
    }

    @Test
    void revokeReportsWhetherAnActiveTokenWasRevoked() {
        create("h1", u1, "app");

        assertThat(tokens.revoke("h1")).isTrue();
        assertThat(tokens.revoke("h1")).isFalse();
        assertThat(tokens.revoke("missing")).isFalse();
    }

    @Test
    void revokeAllByUserCanBeLimitedToOneClient() {
        create("a1", u1, "app");
        create("a2", u1, "app");
        create("b1", u1, "other");
        create("c1", u2, "app");

        assertThat(tokens.revokeAllByUser(u1, "app")).isEqualTo(2);
        assertThat(tokens.getByHash("b1").orElseThrow().revokedAt()).isNull();
        assertThat(tokens.revokeAllByUser(u1, null)).isEqualTo(1);
        assertThat(tokens.getByHash("c1").orElseThrow().revokedAt()).isNull();
        assertThat(tokens.revokeAllByUser(u1, null)).isZero();
    }

    @Test
    void revokeAllByClientRevokesEveryUsersTokensOfThatClient() {
        create("a1", u1, "app");
        create("a2", u2, "app");
        create("b1", u1, "other");

        assertThat(tokens.revokeAllByClient("app")).isEqualTo(2);
        assertThat(tokens.getByHash("b1").orElseThrow().revokedAt()).isNull();
    }

    @Test
    void deleteExpiredDeletesOnlyTokensPastTheirExpiry() {
        tokens.create(new NewRefreshToken("short", u1, "app", List.of(), Duration.ofMinutes(5)));
        create("long", u1, "app");
        tenants.clock.advance(Duration.ofMinutes(5));

        assertThat(tokens.deleteExpired()).isEqualTo(1);
        assertThat(tokens.getByHash("short")).isEmpty();
        assertThat(tokens.getByHash("long")).isPresent();
    }

    @Test
    void rotateMarksTheOldTokenAndIssuesASuccessorInTheSameFamily() {
        RefreshToken old = create("h1", u1, "app");
        tenants.clock.advance(Duration.ofMinutes(10));

        RefreshToken next = tokens.rotate("h1", "h2", Duration.ofHours(2));

        Instant now = tenants.clock.instant().truncatedTo(ChronoUnit.MILLIS);
        assertThat(next.familyId()).isEqualTo(old.familyId());
        assertThat(next.id()).isNotEqualTo(old.id());
        assertThat(next.userId()).isEqualTo(u1);
        assertThat(next.clientId()).isEqualTo("app");
        assertThat(next.scopes()).isEqualTo(old.scopes());
        assertThat(next.createdAt()).isEqualTo(now);
        assertThat(next.expiresAt()).isEqualTo(now.plus(Duration.ofHours(2)));
        assertThat(tokens.getByHash("h1").orElseThrow().rotatedAt()).isEqualTo(now);
        assertThat(tokens.getByHash("h2")).contains(next);
    }

    @Test
    void presentingARotatedTokenRevokesTheWholeFamily() {
        create("h1", u1, "app");
        create("unrelated", u1, "app");
        tokens.rotate("h1", "h2", HOUR);
        tokens.rotate("h2", "h3", HOUR);

        assertThatThrownBy(() -> tokens.rotate("h1", "h4", HOUR))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(ErrorCode.TOKEN_REUSED));

        for (String h : List.of("h1", "h2", "h3")) {
            assertThat(tokens.getByHash(h).orElseThrow().revokedAt()).as(h).isNotNull();
        }
        assertThat(tokens.getByHash("h4")).isEmpty();
        assertThat(tokens.getByHash("unrelated").orElseThrow().revokedAt()).isNull();
        assertThatThrownBy(() -> tokens.rotate("h3", "h5", HOUR))
                .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(ErrorCode.TOKEN_REVOKED));
    }

    @Test
    void revokedExpiredAndUnknownTokensCannotBeRotated() {
        create("revoked", u1, "app");
        tokens.revoke("revoked");
        tokens.create(new NewRefreshToken("expiring", u1, "app", List.of(), Duration.ofMinutes(1)));
        tenants.clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(() -> tokens.rotate("revoked", "n1", HOUR))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(ErrorCode.TOKEN_REVOKED));
        assertThatThrownBy(() -> tokens.rotate("expiring", "n2", HOUR))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(ErrorCode.TOKEN_EXPIRED));
        assertThatThrownBy(() -> tokens.rotate("unknown", "n3", HOUR))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(tokens.getByHash("n1")).isEmpty();
        assertThat(tokens.getByHash("n2")).isEmpty();
    }

    @Test
    void aSuccessorHashThatIsTakenFailsWithoutConsumingTheOldToken() {
        create("h1", u1, "app");
        create("taken", u2, "app");

        assertThatThrownBy(() -> tokens.rotate("h1", "taken", HOUR)).isInstanceOf(ConflictException.class);

        assertThat(tokens.getByHash("h1").orElseThrow().rotatedAt()).isNull();
        assertThat(tokens.rotate("h1", "h2", HOUR).tokenHash()).isEqualTo("h2");
    }

    @Test
    void createChecksTheUserClientScopesAndTtl() {
        assertThatThrownBy(() -> tokens.create(new NewRefreshToken("h", TestTenants.UNKNOWN_USER, "app", List.of(),
                HOUR))).isInstanceOf(io.tenantstore.NotFoundException.class);
        assertThatThrownBy(() -> tokens.create(new NewRefreshToken("h", u1, "bad client", List.of(), HOUR)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'bad client'");
        assertThatThrownBy(() -> tokens.create(new NewRefreshToken("h", u1, "app", List.of("has space"), HOUR)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> tokens.create(new NewRefreshToken("h h", u1, "app", List.of(), HOUR)))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("h h");
        assertThatThrownBy(() -> tokens.create(new NewRefreshToken("h", u1, "app", List.of(), Duration.ofDays(4000))))
                .isInstanceOf(InvalidInputException.class);
        assertThat(tokens.getByHash("h")).isEmpty();
    }

    @Test
    void rotateValidatesItsArguments() {
        create("h1", u1, "app");

        assertThatThrownBy(() -> tokens.rotate("h1", "h2", Duration.ZERO)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> tokens.rotate("h1", "h1", HOUR)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> tokens.rotate("h1", " ", HOUR)).isInstanceOf(InvalidInputException.class);
        assertThat(tokens.getByHash("h1").orElseThrow().rotatedAt()).isNull();
    }
}

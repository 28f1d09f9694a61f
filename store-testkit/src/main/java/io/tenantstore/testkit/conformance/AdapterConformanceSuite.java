package io.tenantstore.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.tenantstore.ConflictException;
import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.NotFoundException;
import io.tenantstore.Secret;
import io.tenantstore.SecretException;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.StoreException;
import io.tenantstore.UnsupportedIsolationException;
import io.tenantstore.model.Consent;
import io.tenantstore.model.Identity;
import io.tenantstore.model.MfaTotp;
import io.tenantstore.model.OneTimeToken;
import io.tenantstore.model.OneTimeTokenPurpose;
import io.tenantstore.model.ProfileUpdate;
import io.tenantstore.model.NewIdentity;
import io.tenantstore.model.NewOneTimeToken;
import io.tenantstore.model.NewRefreshToken;
import io.tenantstore.model.NewRole;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.RefreshToken;
import io.tenantstore.model.Role;
import io.tenantstore.model.RoleUpdate;
import io.tenantstore.model.User;
import io.tenantstore.model.UserAccount;
import io.tenantstore.model.UserIdentity;
import io.tenantstore.model.UserPage;
import io.tenantstore.model.UserProfile;
import io.tenantstore.model.UserQuery;
import io.tenantstore.model.UserUpdate;
import io.tenantstore.repository.ConsentRepository;
import io.tenantstore.repository.IdentityRepository;
import io.tenantstore.repository.MfaRepository;
import io.tenantstore.repository.OneTimeTokenRepository;
import io.tenantstore.repository.RbacRepository;
import io.tenantstore.repository.TokenRepository;
import io.tenantstore.repository.UserRepository;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;

/**
 * The conformance suite every data-plane adapter passes, once per isolation it supports.
 *
 * <p>A subclass names the adapter, the data source and one isolation the adapter declares
 * ({@link StoreAdapter#isolations()}; write one subclass per declared isolation). The suite places
 * two tenants, A and B, as the store would ({@link StoreAdapter#dataSourceFor}) and binds them: on
 * one connection when they share a data source (the same tables for {@code shared}, two schemas
 * for {@code schema}, one database for {@code database} unless the subclass overrides
 * {@link #scopeFor}), on one each when the adapter gives every tenant its own (SQLite's file per
 * tenant). Isolations the adapter does not declare are reported as not applicable, and their
 * refusal is checked. It runs every repository method: results, error cases
 * (not found, conflict, invalid input), and isolation, where both tenants write rows with equal
 * emails, token hashes, code hashes, client ids and role names and neither ever sees, changes or
 * counts the other's rows. Time comes from a {@link FakeClock} the suite moves.
 *
 * <p>Conventions the suite fixes for every adapter: ids are UUID strings and a malformed id is an
 * {@link InvalidInputException} (reads included); an unknown user in a write that needs one is a
 * {@link NotFoundException}; rotating an unknown token is an {@code InvalidInputException} with
 * code {@link ErrorCode#INVALID_INPUT}; concurrent rotations of one token have exactly one winner
 * and the losers count as reuse.
 *
 * <p>Name subclasses {@code *IT}. Not thread-safe (JUnit runs one test at a time per class; the
 * race tests start their own threads).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AdapterConformanceSuite {
    /** Where the fake clock starts. */
    protected static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    /** Threads in the race tests. */
    protected static final int RACERS = 16;

    /** The clock every repository must take time from. */
    protected final FakeClock clock = new FakeClock(START);
    /** The password hasher handed to the adapter. */
    protected final FakePasswordHasher hasher = new FakePasswordHasher();
    /** The keyring whose data cipher encrypts the secrets the adapter stores (TOTP seeds). */
    protected final Keyring keyring = Keyring.generate();

    private @Nullable AdapterConnection connection;
    private final Map<DbConfig, AdapterConnection> connections = new LinkedHashMap<>();
    private @Nullable TenantScope scopeA;
    private @Nullable TenantRepositories tenantA;
    private @Nullable TenantRepositories tenantB;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    /** @return the adapter under test */
    protected abstract StoreAdapter adapter();

    /** @return the data source both tenants use */
    protected abstract DbConfig dbConfig();

    /** @return the isolation under test */
    protected abstract Isolation isolation();

    /** @return the application's migration locations passed to the adapter; Default: none */
    protected List<String> migrationLocations() {
        return List.of();
    }

    /**
     * The scope of tenant A ({@code "a"}) or B ({@code "b"}). Default: for {@code schema}
     * isolation the schemas {@code ts_conf_<run>_a} and {@code _b}; otherwise no schema.
     *
     * @param tenantId the tenant id the suite chose
     * @param which    {@code "a"} or {@code "b"}
     * @return the scope
     */
    protected TenantScope scopeFor(String tenantId, String which) {
        String slug = "conf-" + runId + "-" + which;
        return new TenantScope(tenantId, slug, isolation(),
                isolation() == Isolation.SCHEMA ? "ts_conf_" + runId + "_" + which : null);
    }

    /**
     * The control-plane root handed to {@link StoreAdapter#dataSourceFor}, which anchors relative
     * file paths there. Default: the JVM's temporary directory.
     *
     * @return the directory
     */
    protected Path controlPlaneRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Every TOTP secret column value stored for a tenant, read raw past the repositories. Default:
     * through {@code unwrap(DataSource.class)}, {@code SELECT secret FROM ts_mfa_totp} (qualified
     * with the scope's schema for {@code schema} isolation). An adapter without a {@code DataSource}
     * overrides it (MongoDB reads {@code mfa_totp} through its {@code MongoDatabase}).
     *
     * @param scope the tenant's scope
     * @param repos the tenant's repositories
     * @return the stored values, as text
     */
    protected List<String> storedTotpSecrets(TenantScope scope, TenantRepositories repos) {
        DataSource ds = repos.unwrap(DataSource.class).orElseThrow(() -> new AssertionError(
                "the adapter offers no DataSource; override storedTotpSecrets to read its stored TOTP secrets"));
        String table = (scope.schema() == null ? "" : scope.schema() + ".") + "ts_mfa_totp";
        List<String> values = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT secret FROM " + table)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new AssertionError("raw read of " + table + " failed", e);
        }
        return values;
    }

    /** @return tenant A's scope */
    protected final TenantScope scopeA() {
        return Objects.requireNonNull(scopeA, "not bound");
    }

    /** Called after the connection is closed, to drop what the subclass created. Default: nothing. */
    protected void afterSuite() {
    }

    /** @return the open connection */
    protected final AdapterConnection connection() {
        return Objects.requireNonNull(connection, "not connected");
    }

    /** @return tenant A's repositories */
    protected final TenantRepositories a() {
        return Objects.requireNonNull(tenantA, "not bound");
    }

    /** @return tenant B's repositories */
    protected final TenantRepositories b() {
        return Objects.requireNonNull(tenantB, "not bound");
    }

    /**
     * Checks the adapter declares the isolation under test, then connects to each tenant's data
     * source as the store would ({@link StoreAdapter#dataSourceFor}: one connection when both
     * tenants share one, as on a server; one each when the adapter gives every tenant its own, as
     * SQLite's file per tenant) and binds tenants A and B.
     */
    @BeforeAll
    final void connectAndBind() {
        assertThat(adapter().isolations())
                .as("the %s adapter must declare the isolation this suite runs (%s); run one suite per declared"
                        + " isolation", adapter().name(), isolation().yamlName())
                .contains(isolation());
        scopeA = scopeFor(UUID.randomUUID().toString(), "a");
        TenantScope scopeB = scopeFor(UUID.randomUUID().toString(), "b");
        connection = connectionFor(scopeA);
        tenantA = connection.bind(scopeA);
        tenantB = connectionFor(scopeB).bind(scopeB);
    }

    /** @return the data source the store would give the tenant of {@code scope} */
    private DbConfig placed(TenantScope scope) {
        return adapter().dataSourceFor(dbConfig(), scope.slug(), controlPlaneRoot());
    }

    private AdapterConnection connectionFor(TenantScope scope) {
        DbConfig source = placed(scope);
        return connections.computeIfAbsent(source, db -> adapter().connect(new AdapterConfig(db, clock, Runnable::run,
                hasher, migrationLocations(), keyring.dataCipher())));
    }

    /** Closes the connections, then lets the subclass clean up. */
    @AfterAll
    final void closeConnection() {
        try {
            connections.values().forEach(AdapterConnection::close);
        } finally {
            afterSuite();
        }
    }

    // ---------------------------------------------------------------------------------------
    // helpers

    /** @return a fresh email nobody used */
    protected static String email() {
        return "u-" + UUID.randomUUID() + "@example.com";
    }

    /** @return a fresh token (or code, or device) hash */
    protected static String hash() {
        return "h" + UUID.randomUUID().toString().replace("-", "");
    }

    /** @return a fresh name usable as client id, role name or search marker */
    protected static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** @param t the tenant @return a new user with a password */
    protected final User user(TenantRepositories t) {
        return t.users().create(new NewUser(email(), hasher.hash("pw".toCharArray()), null, false));
    }

    /** @return the clock's time at microsecond precision, what every adapter stores */
    protected final Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static NewRefreshToken token(String hash, String userId, String clientId, Duration ttl) {
        return new NewRefreshToken(hash, userId, clientId, List.of("openid", "offline_access"), ttl);
    }

    private static void assertCode(Throwable e, ErrorCode code) {
        assertThat(e).isInstanceOf(StoreException.class);
        assertThat(((StoreException) e).code()).isEqualTo(code);
    }

    /** Runs {@code task} on {@link #RACERS} threads released together; returns each result or failure. */
    private static <T> List<Object> race(Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch ready = new CountDownLatch(RACERS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return (Object) task.call();
                    } catch (Exception e) {
                        return e;
                    }
                }));
            }
            ready.await();
            go.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<Object> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------

    /** {@link UserRepository}. */
    @Nested
    class Users {
        @Test
        void createStoresTheUserWithTheClocksTime() {
            String email = email();
            User u = a().users().create(new NewUser(email, hasher.hash("pw".toCharArray()), "Ana", true));
            assertThat(UUID.fromString(u.id()).toString()).isEqualTo(u.id());
            assertThat(u.email()).isEqualTo(email);
            assertThat(u.emailVerified()).isTrue();
            assertThat(u.displayName()).isEqualTo("Ana");
            assertThat(u.disabled()).isNull();
            assertThat(u.createdAt()).isEqualTo(now());
            assertThat(u.updatedAt()).isEqualTo(now());
            assertThat(a().users().getById(u.id())).contains(u);
        }

        @Test
        void createWithoutPasswordHasNoIdentity() {
            User u = a().users().create(NewUser.of(email(), null));
            assertThat(a().users().getByEmail(u.email()).orElseThrow().passwordIdentity()).isEmpty();
            assertThat(a().users().checkPassword(u.id(), "pw".toCharArray())).isFalse();
        }

        @Test
        void createRejectsAnEmailTakenInAnyCase() {
            String local = name("ana");
            a().users().create(NewUser.of(local + "@Example.com", null));
            String other = local.toUpperCase(Locale.ROOT) + "@example.COM";
            assertThatThrownBy(() -> a().users().create(NewUser.of(other, null)))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining(other)
                    .satisfies(e -> assertCode(e, ErrorCode.CONFLICT));
        }

        @Test
        void createRejectsMalformedEmails() {
            for (String bad : List.of("plain", "a@", "@example.com", "a b@example.com", "a@exa mple.com",
                    "a@@example.com", "a@example..com", "x".repeat(250) + "@example.com", "")) {
                assertThatThrownBy(() -> a().users().create(NewUser.of(bad, null)))
                        .as(bad).isInstanceOf(InvalidInputException.class);
            }
        }

        @Test
        void getByIdOfAnUnknownUserIsEmpty() {
            assertThat(a().users().getById(UUID.randomUUID().toString())).isEmpty();
        }

        @Test
        void malformedIdsAreInvalidInput() {
            assertThatThrownBy(() -> a().users().getById("42")).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("42");
            assertThatThrownBy(() -> a().users().delete("not-a-uuid")).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().tokens().revokeAllByUser("x", null))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().mfa().getTotp("x")).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().consents().listByUser("x", false)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().rbac().userRoles("x")).isInstanceOf(InvalidInputException.class);
        }

        @Test
        void getByEmailFindsTheUserInAnyCaseWithTheirPasswordIdentity() {
            String email = name("Bo") + "@Example.com";
            String hash = hasher.hash("secret".toCharArray());
            User u = a().users().create(new NewUser(email, hash, null, false));
            UserAccount account = a().users().getByEmail(email.toUpperCase(Locale.ROOT)).orElseThrow();
            assertThat(account.user()).isEqualTo(u);
            Identity identity = account.passwordIdentity().orElseThrow();
            assertThat(identity.userId()).isEqualTo(u.id());
            assertThat(identity.passwordHash()).isEqualTo(hash);
            assertThat(identity.updatedAt()).isEqualTo(now());
            assertThat(a().users().getByEmail(email())).isEmpty();
        }

        @Test
        void listPagesThroughUsersInIdOrder() {
            String marker = name("page");
            Set<String> created = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                created.add(a().users().create(new NewUser(email(), null, marker + " " + i, false)).id());
            }
            List<String> seen = new ArrayList<>();
            UserPage page = a().users().list(new UserQuery(2, marker, null));
            assertThat(page.users()).hasSize(2);
            seen.addAll(page.users().stream().map(User::id).toList());
            page = a().users().list(new UserQuery(2, marker, page.next().orElseThrow()));
            assertThat(page.users()).hasSize(2);
            seen.addAll(page.users().stream().map(User::id).toList());
            page = a().users().list(new UserQuery(2, marker, page.next().orElseThrow()));
            assertThat(page.users()).hasSize(1);
            assertThat(page.next()).isEmpty();
            seen.addAll(page.users().stream().map(User::id).toList());
            assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
            assertThat(seen).isSortedAccordingTo(String::compareTo);
        }

        @Test
        void listWithoutSearchReturnsAPageOfAtMostTheLimit() {
            user(a());
            user(a());
            UserPage page = a().users().list(new UserQuery(1, null, null));
            assertThat(page.users()).hasSize(1);
            assertThat(page.next()).isPresent();
            UserPage next = a().users().list(new UserQuery(1, null, page.next().get()));
            assertThat(next.users()).hasSize(1);
            assertThat(next.users().get(0).id()).isGreaterThan(page.users().get(0).id());
        }

        @Test
        void searchMatchesPrefixesOfEmailOrNamesCaseInsensitivelyAndTakesWildcardsLiterally() {
            String marker = name("srch");
            User byEmail = a().users().create(NewUser.of(marker + "@example.com", null));
            User byName = a().users().create(new NewUser(email(), null, marker.toUpperCase(Locale.ROOT) + " Dr", false));
            User percent = a().users().create(new NewUser(email(), null, marker + " 100%_done", false));
            User inside = a().users().create(new NewUser(email(), null, "Dr " + marker, false));
            assertThat(a().users().list(new UserQuery(10, " " + marker.toUpperCase(Locale.ROOT) + " ", null)).users())
                    .extracting(User::id).containsExactlyInAnyOrder(byEmail.id(), byName.id(), percent.id())
                    .doesNotContain(inside.id());
            assertThat(a().users().list(new UserQuery(10, marker + " 100%_", null)).users())
                    .extracting(User::id).containsExactly(percent.id());
            assertThat(a().users().list(new UserQuery(10, marker + "%", null)).users()).isEmpty();
            assertThat(a().users().list(new UserQuery(10, marker + "_", null)).users()).isEmpty();
        }

        @Test
        void searchFollowsRenamesAndPagesInIdOrder() {
            String marker = name("ren");
            User u = a().users().create(new NewUser(email(), null, "Old name", false));
            assertThat(a().users().list(new UserQuery(10, marker, null)).users()).isEmpty();
            a().users().update(u.id(), new UserUpdate(null, marker + " New"));
            assertThat(a().users().list(new UserQuery(10, marker, null)).users()).extracting(User::id)
                    .containsExactly(u.id());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(a().users().create(new NewUser(email(), null, marker + " " + i, false)).id());
            }
            ids.add(u.id());
            UserPage first = a().users().list(new UserQuery(3, marker, null));
            UserPage second = a().users().list(new UserQuery(3, marker, first.next().orElseThrow()));
            List<String> seen = new ArrayList<>(first.users().stream().map(User::id).toList());
            seen.addAll(second.users().stream().map(User::id).toList());
            assertThat(second.next()).isEmpty();
            assertThat(seen).containsExactlyInAnyOrderElementsOf(ids).isSortedAccordingTo(String::compareTo);
        }

        @Test
        void listRejectsAMalformedCursor() {
            assertThatThrownBy(() -> a().users().list(new UserQuery(10, null, "nope")))
                    .isInstanceOf(InvalidInputException.class);
        }

        @Test
        void updateChangesTheEmailAndClearsVerification() {
            User u = a().users().create(new NewUser(email(), null, "Old", true));
            clock.advance(Duration.ofSeconds(5));
            String email = email();
            User updated = a().users().update(u.id(), new UserUpdate(email, null));
            assertThat(updated.email()).isEqualTo(email);
            assertThat(updated.emailVerified()).isFalse();
            assertThat(updated.displayName()).isEqualTo("Old");
            assertThat(updated.createdAt()).isEqualTo(u.createdAt());
            assertThat(updated.updatedAt()).isEqualTo(now());
            assertThat(a().users().getByEmail(email).orElseThrow().user()).isEqualTo(updated);
            assertThat(a().users().getByEmail(u.email())).isEmpty();
        }

        @Test
        void updateOfTheDisplayNameOrTheEmailsCaseKeepsVerification() {
            User u = a().users().create(new NewUser(email(), null, "Old", true));
            User renamed = a().users().update(u.id(), new UserUpdate(null, "New"));
            assertThat(renamed.displayName()).isEqualTo("New");
            assertThat(renamed.email()).isEqualTo(u.email());
            assertThat(renamed.emailVerified()).isTrue();
            User recased = a().users().update(u.id(), new UserUpdate(u.email().toUpperCase(Locale.ROOT), null));
            assertThat(recased.email()).isEqualTo(u.email().toUpperCase(Locale.ROOT));
            assertThat(recased.emailVerified()).isTrue();
        }

        @Test
        void updateRejectsATakenEmailAnUnknownUserAndAMalformedEmail() {
            User first = user(a());
            User second = user(a());
            assertThatThrownBy(() -> a().users().update(second.id(), new UserUpdate(first.email(), null)))
                    .isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> a().users().update(UUID.randomUUID().toString(), new UserUpdate(null, "x")))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> a().users().update(second.id(), new UserUpdate("bad", null)))
                    .isInstanceOf(InvalidInputException.class);
        }

        @Test
        void deleteRemovesTheUserAndEverythingThatBelongsToThem() {
            User u = user(a());
            String tokenHash = hash();
            a().tokens().create(token(tokenHash, u.id(), "web", Duration.ofHours(1)));
            a().mfa().upsertTotp(u.id(), Secret.of("JBSWY3DPEHPK3PXP"));
            a().mfa().setRecoveryCodes(u.id(), List.of(hash(), hash()));
            String device = hash();
            a().mfa().addTrustedDevice(u.id(), device, Duration.ofDays(30));
            a().consents().upsert(u.id(), "web", Set.of("openid"));
            String role = name("role");
            a().rbac().createRole(new NewRole(role, "r", Set.of("p:read"), List.of(), false));
            a().rbac().assignRole(u.id(), role);

            assertThat(a().users().delete(u.id())).isTrue();

            assertThat(a().users().getById(u.id())).isEmpty();
            assertThat(a().users().getByEmail(u.email())).isEmpty();
            assertThat(a().tokens().getByHash(tokenHash)).isEmpty();
            assertThat(a().mfa().getTotp(u.id())).isEmpty();
            assertThat(a().mfa().remainingRecoveryCodes(u.id())).isZero();
            assertThat(a().mfa().isTrustedDevice(u.id(), device)).isFalse();
            assertThat(a().consents().listByUser(u.id(), false)).isEmpty();
            assertThat(a().rbac().userRoles(u.id())).isEmpty();
            assertThat(a().rbac().getRole(role)).isPresent();
            assertThat(a().users().delete(u.id())).isFalse();
        }

        @Test
        void disableAndEnable() {
            User u = user(a());
            Instant until = now().plus(Duration.ofHours(2));
            User disabled = a().users().disable(u.id(), "admin-1", "abuse", until);
            User.Disablement d = Objects.requireNonNull(disabled.disabled());
            assertThat(d.at()).isEqualTo(now());
            assertThat(d.by()).isEqualTo("admin-1");
            assertThat(d.reason()).isEqualTo("abuse");
            assertThat(d.until()).isEqualTo(until);
            assertThat(disabled.isDisabledAt(now())).isTrue();
            assertThat(a().users().getById(u.id())).contains(disabled);

            User forever = a().users().disable(u.id(), "admin-2", "again", null);
            assertThat(Objects.requireNonNull(forever.disabled()).until()).isNull();

            User enabled = a().users().enable(u.id());
            assertThat(enabled.disabled()).isNull();
            assertThat(a().users().getById(u.id()).orElseThrow().disabled()).isNull();
        }

        @Test
        void disableEnableAndVerifyRejectUnknownUsers() {
            String unknown = UUID.randomUUID().toString();
            assertThatThrownBy(() -> a().users().disable(unknown, "admin", "x", null))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> a().users().enable(unknown)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> a().users().setEmailVerified(unknown, true))
                    .isInstanceOf(NotFoundException.class);
        }

        @Test
        void setEmailVerified() {
            User u = user(a());
            assertThat(a().users().setEmailVerified(u.id(), true).emailVerified()).isTrue();
            assertThat(a().users().getById(u.id()).orElseThrow().emailVerified()).isTrue();
            assertThat(a().users().setEmailVerified(u.id(), false).emailVerified()).isFalse();
        }

        @Test
        void updatePasswordHashReplacesTheIdentity() {
            User u = a().users().create(NewUser.of(email(), null));
            clock.advance(Duration.ofMinutes(1));
            String hash = hasher.hash("new".toCharArray());
            a().users().updatePasswordHash(u.id(), hash);
            Identity identity = a().users().getByEmail(u.email()).orElseThrow().passwordIdentity().orElseThrow();
            assertThat(identity.passwordHash()).isEqualTo(hash);
            assertThat(identity.updatedAt()).isEqualTo(now());
            assertThat(a().users().checkPassword(u.id(), "new".toCharArray())).isTrue();
            assertThatThrownBy(() -> a().users().updatePasswordHash(UUID.randomUUID().toString(), hash))
                    .isInstanceOf(NotFoundException.class);
        }

        @Test
        void setPasswordHashesWithTheStoresHasherAndCheckPasswordVerifiesWithIt() {
            User u = user(a());
            a().users().setPassword(u.id(), "correct horse".toCharArray());
            String stored = a().users().getByEmail(u.email()).orElseThrow().passwordIdentity().orElseThrow()
                    .passwordHash();
            assertThat(stored).startsWith(FakePasswordHasher.PREFIX).doesNotContain("correct horse");
            assertThat(a().users().checkPassword(u.id(), "correct horse".toCharArray())).isTrue();
            assertThat(a().users().checkPassword(u.id(), "wrong".toCharArray())).isFalse();
            assertThat(a().users().checkPassword(UUID.randomUUID().toString(), "correct horse".toCharArray()))
                    .isFalse();
            assertThatThrownBy(() -> a().users().setPassword(UUID.randomUUID().toString(), "x".toCharArray()))
                    .isInstanceOf(NotFoundException.class);
        }

        @Test
        void checkPasswordFailsWhileDisabledAndWorksAgainAfterTheDisablementEnds() {
            User u = user(a());
            a().users().disable(u.id(), "admin", "cool-down", now().plus(Duration.ofMinutes(10)));
            assertThat(a().users().checkPassword(u.id(), "pw".toCharArray())).isFalse();
            clock.advance(Duration.ofMinutes(11));
            assertThat(a().users().checkPassword(u.id(), "pw".toCharArray())).isTrue();
        }
    }

    /** {@link TokenRepository}. */
    @Nested
    class Tokens {
        @Test
        void createStoresTheTokenInANewFamily() {
            User u = user(a());
            String h = hash();
            RefreshToken t = a().tokens().create(token(h, u.id(), "web", Duration.ofHours(1)));
            assertThat(t.tokenHash()).isEqualTo(h);
            assertThat(t.userId()).isEqualTo(u.id());
            assertThat(t.clientId()).isEqualTo("web");
            assertThat(t.scopes()).containsExactly("openid", "offline_access");
            assertThat(t.createdAt()).isEqualTo(now());
            assertThat(t.expiresAt()).isEqualTo(now().plus(Duration.ofHours(1)));
            assertThat(t.familyId()).isNotEqualTo(t.id());
            assertThat(t.isActiveAt(now())).isTrue();
            assertThat(a().tokens().getByHash(h)).contains(t);
            assertThat(a().tokens().getByHash(hash())).isEmpty();
        }

        @Test
        void createRejectsADuplicateHashWithoutNamingIt() {
            User u = user(a());
            String h = hash();
            a().tokens().create(token(h, u.id(), "web", Duration.ofHours(1)));
            assertThatThrownBy(() -> a().tokens().create(token(h, u.id(), "web", Duration.ofHours(1))))
                    .isInstanceOf(ConflictException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(h));
        }

        @Test
        void createForAnUnknownUserIsNotFoundAndBadInputIsInvalid() {
            assertThatThrownBy(() -> a().tokens().create(token(hash(), UUID.randomUUID().toString(), "web",
                    Duration.ofHours(1)))).isInstanceOf(NotFoundException.class);
            User u = user(a());
            assertThatThrownBy(() -> a().tokens().create(token(hash(), u.id(), "bad client", Duration.ofHours(1))))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().tokens().create(new NewRefreshToken(hash(), u.id(), "web",
                    List.of("has space"), Duration.ofHours(1)))).isInstanceOf(InvalidInputException.class);
        }

        @Test
        void revokeRevokesAnActiveTokenOnce() {
            User u = user(a());
            String h = hash();
            a().tokens().create(token(h, u.id(), "web", Duration.ofHours(1)));
            assertThat(a().tokens().revoke(h)).isTrue();
            assertThat(a().tokens().revoke(h)).isFalse();
            assertThat(a().tokens().revoke(hash())).isFalse();
            RefreshToken t = a().tokens().getByHash(h).orElseThrow();
            assertThat(t.revokedAt()).isEqualTo(now());
            assertThat(t.isActiveAt(now())).isFalse();
        }

        @Test
        void revokeAllByUserForOneClientOrAll() {
            User u = user(a());
            User other = user(a());
            String c1 = name("c1");
            String c2 = name("c2");
            a().tokens().create(token(hash(), u.id(), c1, Duration.ofHours(1)));
            a().tokens().create(token(hash(), u.id(), c1, Duration.ofHours(1)));
            a().tokens().create(token(hash(), u.id(), c2, Duration.ofHours(1)));
            String otherHash = hash();
            a().tokens().create(token(otherHash, other.id(), c1, Duration.ofHours(1)));
            assertThat(a().tokens().revokeAllByUser(u.id(), c1)).isEqualTo(2);
            assertThat(a().tokens().revokeAllByUser(u.id(), null)).isEqualTo(1);
            assertThat(a().tokens().revokeAllByUser(u.id(), null)).isZero();
            assertThat(a().tokens().getByHash(otherHash).orElseThrow().revokedAt()).isNull();
        }

        @Test
        void revokeAllByClientRevokesOnlyThatClientsActiveTokens() {
            User u = user(a());
            String client = name("client");
            a().tokens().create(token(hash(), u.id(), client, Duration.ofHours(1)));
            a().tokens().create(token(hash(), user(a()).id(), client, Duration.ofHours(1)));
            String otherClient = hash();
            a().tokens().create(token(otherClient, u.id(), name("other"), Duration.ofHours(1)));
            assertThat(a().tokens().revokeAllByClient(client)).isEqualTo(2);
            assertThat(a().tokens().revokeAllByClient(client)).isZero();
            assertThat(a().tokens().getByHash(otherClient).orElseThrow().revokedAt()).isNull();
        }

        @Test
        void deleteExpiredDeletesOnlyExpiredTokens() {
            User u = user(a());
            String shortLived = hash();
            String longLived = hash();
            a().tokens().create(token(shortLived, u.id(), "web", Duration.ofMinutes(1)));
            a().tokens().create(token(longLived, u.id(), "web", Duration.ofDays(1)));
            clock.advance(Duration.ofMinutes(2));
            assertThat(a().tokens().revoke(shortLived)).as("an expired token is not active").isFalse();
            assertThat(a().tokens().deleteExpired()).isPositive();
            assertThat(a().tokens().getByHash(shortLived)).isEmpty();
            assertThat(a().tokens().getByHash(longLived)).isPresent();
            assertThat(a().tokens().deleteExpired()).isZero();
        }

        @Test
        void rotateIssuesASuccessorInTheSameFamilyAndRetiresTheOldToken() {
            User u = user(a());
            String old = hash();
            RefreshToken first = a().tokens().create(token(old, u.id(), "web", Duration.ofHours(1)));
            clock.advance(Duration.ofMinutes(5));
            String next = hash();
            RefreshToken successor = a().tokens().rotate(old, next, Duration.ofHours(2));
            assertThat(successor.tokenHash()).isEqualTo(next);
            assertThat(successor.familyId()).isEqualTo(first.familyId());
            assertThat(successor.userId()).isEqualTo(u.id());
            assertThat(successor.clientId()).isEqualTo("web");
            assertThat(successor.scopes()).isEqualTo(first.scopes());
            assertThat(successor.createdAt()).isEqualTo(now());
            assertThat(successor.expiresAt()).isEqualTo(now().plus(Duration.ofHours(2)));
            assertThat(successor.id()).isNotEqualTo(first.id());
            assertThat(a().tokens().getByHash(next)).contains(successor);
            RefreshToken retired = a().tokens().getByHash(old).orElseThrow();
            assertThat(retired.rotatedAt()).isEqualTo(now());
            assertThat(retired.revokedAt()).isNull();
        }

        @Test
        void presentingARotatedTokenAgainRevokesTheWholeFamily() {
            User u = user(a());
            String t1 = hash();
            String t2 = hash();
            String t3 = hash();
            a().tokens().create(token(t1, u.id(), "web", Duration.ofHours(1)));
            a().tokens().rotate(t1, t2, Duration.ofHours(1));
            a().tokens().rotate(t2, t3, Duration.ofHours(1));
            String unrelated = hash();
            a().tokens().create(token(unrelated, u.id(), "web", Duration.ofHours(1)));

            assertThatThrownBy(() -> a().tokens().rotate(t1, hash(), Duration.ofHours(1)))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertCode(e, ErrorCode.TOKEN_REUSED))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(t1));

            assertThat(a().tokens().getByHash(t3).orElseThrow().revokedAt()).isEqualTo(now());
            assertThat(a().tokens().getByHash(unrelated).orElseThrow().revokedAt()).isNull();
            assertThatThrownBy(() -> a().tokens().rotate(t3, hash(), Duration.ofHours(1)))
                    .satisfies(e -> assertCode(e, ErrorCode.TOKEN_REVOKED));
            assertThatThrownBy(() -> a().tokens().rotate(t2, hash(), Duration.ofHours(1)))
                    .satisfies(e -> assertCode(e, ErrorCode.TOKEN_REUSED));
        }

        @Test
        void rotateRefusesExpiredRevokedAndUnknownTokens() {
            User u = user(a());
            String expiring = hash();
            a().tokens().create(token(expiring, u.id(), "web", Duration.ofSeconds(30)));
            String revoked = hash();
            a().tokens().create(token(revoked, u.id(), "web", Duration.ofHours(1)));
            a().tokens().revoke(revoked);
            clock.advance(Duration.ofSeconds(31));
            assertThatThrownBy(() -> a().tokens().rotate(expiring, hash(), Duration.ofHours(1)))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertCode(e, ErrorCode.TOKEN_EXPIRED));
            assertThatThrownBy(() -> a().tokens().rotate(revoked, hash(), Duration.ofHours(1)))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertCode(e, ErrorCode.TOKEN_REVOKED));
            assertThatThrownBy(() -> a().tokens().rotate(hash(), hash(), Duration.ofHours(1)))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertCode(e, ErrorCode.INVALID_INPUT));
            assertThatThrownBy(() -> a().tokens().rotate(revoked, hash(), Duration.ZERO))
                    .isInstanceOf(InvalidInputException.class);
        }

        @Test
        void rotateToAnExistingHashChangesNothing() {
            User u = user(a());
            String old = hash();
            String taken = hash();
            a().tokens().create(token(old, u.id(), "web", Duration.ofHours(1)));
            a().tokens().create(token(taken, u.id(), "web", Duration.ofHours(1)));
            assertThatThrownBy(() -> a().tokens().rotate(old, taken, Duration.ofHours(1)))
                    .isInstanceOf(ConflictException.class);
            RefreshToken still = a().tokens().getByHash(old).orElseThrow();
            assertThat(still.rotatedAt()).isNull();
            assertThat(still.isActiveAt(now())).isTrue();
            assertThat(a().tokens().rotate(old, hash(), Duration.ofHours(1))).isNotNull();
        }

        @Test
        void ofSixteenConcurrentRotationsOfOneTokenExactlyOneWins() throws Exception {
            User u = user(a());
            String old = hash();
            a().tokens().create(token(old, u.id(), "web", Duration.ofHours(1)));
            List<Object> results = race(() -> a().tokens().rotate(old, hash(), Duration.ofHours(1)));
            List<RefreshToken> winners = results.stream().filter(RefreshToken.class::isInstance)
                    .map(RefreshToken.class::cast).toList();
            assertThat(winners).hasSize(1);
            assertThat(results).filteredOn(r -> !(r instanceof RefreshToken)).hasSize(RACERS - 1)
                    .allSatisfy(r -> assertCode((Throwable) r, ErrorCode.TOKEN_REUSED));
            // the losers presented a rotated token: reuse, so the winner's successor is revoked too
            assertThat(a().tokens().getByHash(winners.get(0).tokenHash()).orElseThrow().revokedAt()).isNotNull();
        }
    }

    /** {@link MfaRepository}. */
    @Nested
    class Mfa {
        @Test
        void enrolConfirmAndRead() {
            User u = user(a());
            Secret seed = Secret.of("JBSWY3DPEHPK3PXP");
            MfaTotp enrolled = a().mfa().upsertTotp(u.id(), seed);
            assertThat(enrolled.confirmed()).isFalse();
            assertThat(enrolled.createdAt()).isEqualTo(now());
            assertThat(a().mfa().getTotp(u.id())).contains(enrolled);
            clock.advance(Duration.ofSeconds(30));
            assertThat(a().mfa().confirmTotp(u.id())).isTrue();
            assertThat(a().mfa().confirmTotp(u.id())).isFalse();
            MfaTotp confirmed = a().mfa().getTotp(u.id()).orElseThrow();
            assertThat(confirmed.confirmed()).isTrue();
            assertThat(confirmed.confirmedAt()).isEqualTo(now());
            assertThat(confirmed.secret().reveal()).isEqualTo("JBSWY3DPEHPK3PXP");
            assertThat(a().mfa().getTotp(user(a()).id())).isEmpty();
        }

        @Test
        void theStoredTotpSecretIsEncryptedAndBoundToTenantAndUser() {
            User u = user(a());
            String seed = "JBSWY3DPEHPK3PXP" + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
            a().mfa().upsertTotp(u.id(), Secret.of(seed));
            List<String> stored = storedTotpSecrets(scopeA(), a());
            assertThat(stored).isNotEmpty().allSatisfy(v -> assertThat(v).doesNotContain(seed).startsWith("enc:"));
            assertThat(a().mfa().getTotp(u.id()).orElseThrow().secret().reveal()).isEqualTo(seed);
        }

        @Test
        void withoutAKeyringEnrolmentIsRefusedNamingTheSettingAndNothingIsWritten() {
            User u = user(a());
            try (AdapterConnection plain = adapter().connect(new AdapterConfig(placed(scopeA()), clock, Runnable::run,
                    hasher, migrationLocations()))) {
                TenantRepositories same = plain.bind(scopeA());
                assertThatThrownBy(() -> same.mfa().upsertTotp(u.id(), Secret.of("JBSWY3DPEHPK3PXP")))
                        .isInstanceOf(SecretException.class).hasMessageContaining("secrets: { keyset:");
            }
            assertThat(a().mfa().getTotp(u.id())).isEmpty();
        }

        @Test
        void keyRotationReEncryptsStoredSeedsSoTheOldKeyCanBeDisabled() {
            Keyring ring = Keyring.generate();
            TenantScope c = scopeFor(UUID.randomUUID().toString(), "c");
            try (AdapterConnection own = adapter().connect(new AdapterConfig(placed(c), clock, Runnable::run,
                    hasher, migrationLocations(), ring.dataCipher()))) {
                TenantRepositories t = own.bind(c);
                User u1 = user(t);
                User u2 = user(t);
                t.mfa().upsertTotp(u1.id(), Secret.of("JBSWY3DPEHPK3PXP"));
                t.mfa().upsertTotp(u2.id(), Secret.of("KRSXG5CTMVRXEZLU"));
                int old = ring.primaryKeyId();
                ring.promote(ring.addKey());
                assertThat(own.reEncryptSecrets(c)).isEqualTo(2);
                assertThat(own.reEncryptSecrets(c)).as("already under the primary").isZero();
                ring.disable(old);
                assertThat(t.mfa().getTotp(u1.id()).orElseThrow().secret().reveal()).isEqualTo("JBSWY3DPEHPK3PXP");
                assertThat(t.mfa().getTotp(u2.id()).orElseThrow().secret().reveal()).isEqualTo("KRSXG5CTMVRXEZLU");
            }
        }

        @Test
        void reEnrolmentStartsUnconfirmedWithoutUsedSteps() {
            User u = user(a());
            a().mfa().upsertTotp(u.id(), Secret.of("AAAA"));
            a().mfa().confirmTotp(u.id());
            a().mfa().markTotpUsed(u.id(), 10);
            MfaTotp again = a().mfa().upsertTotp(u.id(), Secret.of("BBBB"));
            assertThat(again.confirmed()).isFalse();
            MfaTotp stored = a().mfa().getTotp(u.id()).orElseThrow();
            assertThat(stored.secret().reveal()).isEqualTo("BBBB");
            assertThat(stored.confirmed()).isFalse();
            assertThat(stored.lastUsedStep()).isNull();
            assertThat(stored.confirmedAt()).isNull();
        }

        @Test
        void markTotpUsedAcceptsOnlyNewerSteps() {
            User u = user(a());
            assertThat(a().mfa().markTotpUsed(u.id(), 5)).as("no enrolment").isFalse();
            a().mfa().upsertTotp(u.id(), Secret.of("AAAA"));
            assertThat(a().mfa().markTotpUsed(u.id(), 100)).isTrue();
            assertThat(a().mfa().markTotpUsed(u.id(), 100)).isFalse();
            assertThat(a().mfa().markTotpUsed(u.id(), 99)).isFalse();
            assertThat(a().mfa().markTotpUsed(u.id(), 101)).isTrue();
            assertThat(a().mfa().getTotp(u.id()).orElseThrow().lastUsedStep()).isEqualTo(101L);
        }

        @Test
        void disableTotpRemovesTheEnrolment() {
            User u = user(a());
            a().mfa().upsertTotp(u.id(), Secret.of("AAAA"));
            assertThat(a().mfa().disableTotp(u.id())).isTrue();
            assertThat(a().mfa().disableTotp(u.id())).isFalse();
            assertThat(a().mfa().getTotp(u.id())).isEmpty();
        }

        @Test
        void enrolmentForAnUnknownUserIsNotFound() {
            assertThatThrownBy(() -> a().mfa().upsertTotp(UUID.randomUUID().toString(), Secret.of("AAAA")))
                    .isInstanceOf(NotFoundException.class);
        }

        @Test
        void recoveryCodesWorkOnceAndAreReplacedAsAWhole() {
            User u = user(a());
            String c1 = hash();
            String c2 = hash();
            String c3 = hash();
            a().mfa().setRecoveryCodes(u.id(), List.of(c1, c2, c3));
            assertThat(a().mfa().remainingRecoveryCodes(u.id())).isEqualTo(3);
            assertThat(a().mfa().useRecoveryCode(u.id(), c1)).isTrue();
            assertThat(a().mfa().useRecoveryCode(u.id(), c1)).isFalse();
            assertThat(a().mfa().useRecoveryCode(u.id(), hash())).isFalse();
            assertThat(a().mfa().remainingRecoveryCodes(u.id())).isEqualTo(2);

            String fresh = hash();
            a().mfa().setRecoveryCodes(u.id(), List.of(fresh));
            assertThat(a().mfa().useRecoveryCode(u.id(), c2)).as("replaced").isFalse();
            assertThat(a().mfa().remainingRecoveryCodes(u.id())).isEqualTo(1);
            assertThat(a().mfa().deleteRecoveryCodes(u.id())).isEqualTo(1);
            assertThat(a().mfa().useRecoveryCode(u.id(), fresh)).isFalse();
            assertThat(a().mfa().remainingRecoveryCodes(u.id())).isZero();
        }

        @Test
        void setRecoveryCodesRejectsDuplicatesAndUnknownUsers() {
            User u = user(a());
            String c = hash();
            assertThatThrownBy(() -> a().mfa().setRecoveryCodes(u.id(), List.of(c, c)))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().mfa().setRecoveryCodes(UUID.randomUUID().toString(), List.of(hash())))
                    .isInstanceOf(NotFoundException.class);
        }

        @Test
        void ofSixteenConcurrentUsesOfOneRecoveryCodeExactlyOneSucceeds() throws Exception {
            User u = user(a());
            String code = hash();
            a().mfa().setRecoveryCodes(u.id(), List.of(code, hash()));
            List<Object> results = race(() -> a().mfa().useRecoveryCode(u.id(), code));
            assertThat(results).filteredOn(Boolean.TRUE::equals).hasSize(1);
            assertThat(results).filteredOn(Boolean.FALSE::equals).hasSize(RACERS - 1);
            assertThat(a().mfa().remainingRecoveryCodes(u.id())).isEqualTo(1);
        }

        @Test
        void concurrentReplacementsOfRecoveryCodesLeaveExactlyOneWholeSet() throws Exception {
            User u = user(a());
            a().mfa().setRecoveryCodes(u.id(), List.of(hash(), hash()));
            java.util.Map<String, List<String>> sets = new java.util.concurrent.ConcurrentHashMap<>();
            List<Object> results = race(() -> {
                List<String> mine = List.of(hash(), hash());
                sets.put(Thread.currentThread().getName(), mine);
                a().mfa().setRecoveryCodes(u.id(), mine);
                return Boolean.TRUE;
            });
            assertThat(results).containsOnly(Boolean.TRUE);
            assertThat(a().mfa().remainingRecoveryCodes(u.id())).as("one set of two codes survives").isEqualTo(2);
            List<List<String>> working = sets.values().stream()
                    .filter(set -> set.stream().allMatch(code -> a().mfa().useRecoveryCode(u.id(), code))).toList();
            assertThat(working).as("exactly one caller's set works, whole").hasSize(1);
        }

        @Test
        void trustedDevicesExpireAndCanBeRenewedAndRemoved() {
            User u = user(a());
            String device = hash();
            a().mfa().addTrustedDevice(u.id(), device, Duration.ofHours(1));
            assertThat(a().mfa().isTrustedDevice(u.id(), device)).isTrue();
            assertThat(a().mfa().isTrustedDevice(u.id(), hash())).isFalse();
            clock.advance(Duration.ofMinutes(61));
            assertThat(a().mfa().isTrustedDevice(u.id(), device)).isFalse();
            a().mfa().addTrustedDevice(u.id(), device, Duration.ofHours(1));
            assertThat(a().mfa().isTrustedDevice(u.id(), device)).isTrue();
            a().mfa().addTrustedDevice(u.id(), hash(), Duration.ofHours(1));
            assertThat(a().mfa().removeTrustedDevices(u.id())).isEqualTo(2);
            assertThat(a().mfa().isTrustedDevice(u.id(), device)).isFalse();
            assertThatThrownBy(() -> a().mfa().addTrustedDevice(UUID.randomUUID().toString(), hash(),
                    Duration.ofHours(1))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> a().mfa().addTrustedDevice(u.id(), hash(), Duration.ofSeconds(-1)))
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    /** {@link ConsentRepository}. */
    @Nested
    class Consents {
        @Test
        void upsertGrantsSortedScopes() {
            User u = user(a());
            Consent c = a().consents().upsert(u.id(), "web", Set.of("profile", "openid", "email"));
            assertThat(c.userId()).isEqualTo(u.id());
            assertThat(c.clientId()).isEqualTo("web");
            assertThat(c.scopes()).containsExactly("email", "openid", "profile");
            assertThat(c.grantedAt()).isEqualTo(now());
            assertThat(c.updatedAt()).isEqualTo(now());
            assertThat(c.active()).isTrue();
            assertThat(a().consents().get(u.id(), "web")).contains(c);
            assertThat(a().consents().get(u.id(), "other")).isEmpty();
        }

        @Test
        void upsertReplacesTheScopesAndKeepsTheFirstGrantTime() {
            User u = user(a());
            Consent first = a().consents().upsert(u.id(), "web", Set.of("openid"));
            clock.advance(Duration.ofHours(1));
            Consent second = a().consents().upsert(u.id(), "web", Set.of("email"));
            assertThat(second.scopes()).containsExactly("email");
            assertThat(second.grantedAt()).isEqualTo(first.grantedAt());
            assertThat(second.updatedAt()).isEqualTo(now());
        }

        @Test
        void revokeThenUpsertReactivates() {
            User u = user(a());
            a().consents().upsert(u.id(), "web", Set.of("openid"));
            clock.advance(Duration.ofSeconds(1));
            assertThat(a().consents().revoke(u.id(), "web")).isTrue();
            assertThat(a().consents().revoke(u.id(), "web")).isFalse();
            assertThat(a().consents().revoke(u.id(), "never")).isFalse();
            Consent revoked = a().consents().get(u.id(), "web").orElseThrow();
            assertThat(revoked.revokedAt()).isEqualTo(now());
            assertThat(revoked.active()).isFalse();
            assertThat(a().consents().upsert(u.id(), "web", Set.of("openid")).active()).isTrue();
        }

        @Test
        void listByUserOrdersByClientAndCanSkipRevoked() {
            User u = user(a());
            a().consents().upsert(u.id(), "zeta", Set.of("openid"));
            a().consents().upsert(u.id(), "alpha", Set.of("openid"));
            a().consents().upsert(u.id(), "mid", Set.of("openid"));
            a().consents().revoke(u.id(), "mid");
            assertThat(a().consents().listByUser(u.id(), false)).extracting(Consent::clientId)
                    .containsExactly("alpha", "mid", "zeta");
            assertThat(a().consents().listByUser(u.id(), true)).extracting(Consent::clientId)
                    .containsExactly("alpha", "zeta");
        }

        @Test
        void upsertRejectsUnknownUsersAndBadScopes() {
            assertThatThrownBy(() -> a().consents().upsert(UUID.randomUUID().toString(), "web", Set.of("openid")))
                    .isInstanceOf(NotFoundException.class);
            User u = user(a());
            assertThatThrownBy(() -> a().consents().upsert(u.id(), "web", Set.of("bad scope")))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().consents().upsert(u.id(), "bad client", Set.of("openid")))
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    /** {@link RbacRepository}. */
    @Nested
    class Rbac {
        @Test
        void createGetAndListRoles() {
            String name = name("admin");
            Role created = a().rbac().createRole(new NewRole(name, "Administrators", Set.of("users:read",
                    "users:write"), List.of(), false));
            assertThat(created.name()).isEqualTo(name);
            assertThat(created.description()).isEqualTo("Administrators");
            assertThat(created.permissions()).containsExactlyInAnyOrder("users:read", "users:write");
            assertThat(created.inheritsFrom()).isEmpty();
            assertThat(created.system()).isFalse();
            assertThat(created.createdAt()).isEqualTo(now());
            assertThat(a().rbac().getRole(name)).contains(created);
            assertThat(a().rbac().getRole(name("none"))).isEmpty();
            List<Role> all = a().rbac().listRoles();
            assertThat(all).contains(created);
            assertThat(all).extracting(Role::name).isSortedAccordingTo(String::compareTo);
        }

        @Test
        void createRejectsATakenNameAnUnknownParentAndABadName() {
            String name = name("dup");
            a().rbac().createRole(new NewRole(name, "", Set.of(), List.of(), false));
            assertThatThrownBy(() -> a().rbac().createRole(new NewRole(name, "", Set.of(), List.of(), false)))
                    .isInstanceOf(ConflictException.class).hasMessageContaining(name);
            assertThatThrownBy(() -> a().rbac().createRole(new NewRole(name("child"), "", Set.of(),
                    List.of(name("ghost")), false))).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().rbac().createRole(new NewRole("bad name", "", Set.of(), List.of(), false)))
                    .isInstanceOf(InvalidInputException.class);
        }

        @Test
        void updateRoleReplacesWhatItNames() {
            String parent = name("parent");
            String role = name("role");
            a().rbac().createRole(new NewRole(parent, "p", Set.of("a"), List.of(), false));
            a().rbac().createRole(new NewRole(role, "old", Set.of("x"), List.of(), false));
            clock.advance(Duration.ofSeconds(1));
            Role described = a().rbac().updateRole(role, new RoleUpdate("new", null, null));
            assertThat(described.description()).isEqualTo("new");
            assertThat(described.permissions()).containsExactly("x");
            assertThat(described.updatedAt()).isEqualTo(now());
            Role replaced = a().rbac().updateRole(role, new RoleUpdate(null, Set.of("y", "z"), List.of(parent)));
            assertThat(replaced.description()).isEqualTo("new");
            assertThat(replaced.permissions()).containsExactlyInAnyOrder("y", "z");
            assertThat(replaced.inheritsFrom()).containsExactly(parent);
            assertThat(a().rbac().getRole(role)).contains(replaced);
            assertThatThrownBy(() -> a().rbac().updateRole(name("ghost"), new RoleUpdate("d", null, null)))
                    .isInstanceOf(NotFoundException.class);
        }

        @Test
        void updateRoleRejectsInheritanceCycles() {
            String top = name("top");
            String mid = name("mid");
            String low = name("low");
            a().rbac().createRole(new NewRole(top, "", Set.of(), List.of(), false));
            a().rbac().createRole(new NewRole(mid, "", Set.of(), List.of(top), false));
            a().rbac().createRole(new NewRole(low, "", Set.of(), List.of(mid), false));
            assertThatThrownBy(() -> a().rbac().updateRole(top, new RoleUpdate(null, null, List.of(low))))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("cycle");
            assertThatThrownBy(() -> a().rbac().updateRole(top, new RoleUpdate(null, null, List.of(top))))
                    .isInstanceOf(InvalidInputException.class);
            assertThat(a().rbac().getRole(top).orElseThrow().inheritsFrom()).isEmpty();
        }

        @Test
        void deleteRoleDeletesOnceRefusesSystemRolesAndDetachesChildren() {
            String parent = name("parent");
            String child = name("child");
            a().rbac().createRole(new NewRole(parent, "", Set.of("p"), List.of(), false));
            a().rbac().createRole(new NewRole(child, "", Set.of("c"), List.of(parent), false));
            User u = user(a());
            a().rbac().assignRole(u.id(), parent);
            assertThat(a().rbac().deleteRole(parent)).isTrue();
            assertThat(a().rbac().deleteRole(parent)).isFalse();
            assertThat(a().rbac().getRole(child).orElseThrow().inheritsFrom()).isEmpty();
            assertThat(a().rbac().userRoles(u.id())).isEmpty();

            String system = name("system");
            a().rbac().createRole(new NewRole(system, "", Set.of(), List.of(), true));
            assertThatThrownBy(() -> a().rbac().deleteRole(system)).isInstanceOf(InvalidInputException.class);
            assertThat(a().rbac().getRole(system)).isPresent();
        }

        @Test
        void assignAndRemoveRoles() {
            String r1 = name("r1");
            String r2 = name("r2");
            Role role1 = a().rbac().createRole(new NewRole(r1, "", Set.of(), List.of(), false));
            Role role2 = a().rbac().createRole(new NewRole(r2, "", Set.of(), List.of(), false));
            User u = user(a());
            a().rbac().assignRole(u.id(), r2);
            a().rbac().assignRole(u.id(), r1);
            a().rbac().assignRole(u.id(), r1);
            assertThat(a().rbac().userRoles(u.id())).containsExactlyInAnyOrder(role1, role2);
            assertThat(a().rbac().removeRole(u.id(), r1)).isTrue();
            assertThat(a().rbac().removeRole(u.id(), r1)).isFalse();
            assertThat(a().rbac().removeRole(u.id(), name("ghost"))).isFalse();
            assertThat(a().rbac().userRoles(u.id())).containsExactly(role2);
            assertThatThrownBy(() -> a().rbac().assignRole(u.id(), name("ghost")))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> a().rbac().assignRole(UUID.randomUUID().toString(), r1))
                    .isInstanceOf(NotFoundException.class);
        }

        @Test
        void userPermissionsResolveInheritance() {
            String base = name("base");
            String mid = name("mid");
            String top = name("top");
            String side = name("side");
            a().rbac().createRole(new NewRole(base, "", Set.of("read"), List.of(), false));
            a().rbac().createRole(new NewRole(mid, "", Set.of("write"), List.of(base), false));
            a().rbac().createRole(new NewRole(top, "", Set.of("admin"), List.of(mid), false));
            a().rbac().createRole(new NewRole(side, "", Set.of("read", "audit"), List.of(), false));
            User u = user(a());
            assertThat(a().rbac().userPermissions(u.id())).isEmpty();
            a().rbac().assignRole(u.id(), top);
            a().rbac().assignRole(u.id(), side);
            assertThat(a().rbac().userPermissions(u.id())).containsExactlyInAnyOrder("read", "write", "admin",
                    "audit");
            assertThat(a().rbac().userRoles(u.id())).extracting(Role::name).containsExactlyInAnyOrder(top, side);
        }

        @Test
        void addAndRemovePermissions() {
            String role = name("role");
            a().rbac().createRole(new NewRole(role, "", Set.of("a"), List.of(), false));
            clock.advance(Duration.ofSeconds(1));
            a().rbac().addPermission(role, "b");
            a().rbac().addPermission(role, "b");
            Role withB = a().rbac().getRole(role).orElseThrow();
            assertThat(withB.permissions()).containsExactlyInAnyOrder("a", "b");
            assertThat(withB.updatedAt()).isEqualTo(now());
            assertThat(a().rbac().removePermission(role, "a")).isTrue();
            assertThat(a().rbac().removePermission(role, "a")).isFalse();
            assertThat(a().rbac().removePermission(name("ghost"), "a")).isFalse();
            assertThat(a().rbac().getRole(role).orElseThrow().permissions()).containsExactly("b");
            assertThatThrownBy(() -> a().rbac().addPermission(name("ghost"), "b"))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> a().rbac().addPermission(role, "has space"))
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    /** Profiles: {@link UserRepository#updateProfile} and the profile of {@link NewUser}. */
    @Nested
    class Profiles {
        private final UserProfile full = new UserProfile("Ana", "Lima", "https://img.example.com/ana.png", "pt-br",
                "America/Sao_Paulo", "+5511987654321", true, "{\"plan\": \"gold\", \"seats\": [1, 2]}");

        @Test
        void createStoresTheProfileCheckedAndTheLocaleCanonical() {
            User u = a().users().create(new NewUser(email(), null, "Ana", false).withProfile(full));
            UserProfile expected = new UserProfile("Ana", "Lima", "https://img.example.com/ana.png", "pt-BR",
                    "America/Sao_Paulo", "+5511987654321", true, "{\"plan\": \"gold\", \"seats\": [1, 2]}");
            assertThat(u.profile()).isEqualTo(expected);
            assertThat(a().users().getById(u.id()).orElseThrow()).isEqualTo(u);
            assertThat(a().users().getByEmail(u.email()).orElseThrow().user().profile()).isEqualTo(expected);
            assertThat(user(a()).profile()).isEqualTo(UserProfile.EMPTY);
        }

        @Test
        void updateChangesOnlyTheNamedPartsAndClearsThoseNamedWithNull() {
            User u = a().users().create(new NewUser(email(), null, "Ana", true).withProfile(full));
            clock.advance(Duration.ofSeconds(7));
            User changed = a().users().updateProfile(u.id(), ProfileUpdate.builder().givenName("Anna")
                    .pictureUrl(null).metadata("{}").zoneInfo("Europe/Lisbon").build());
            assertThat(changed.profile()).isEqualTo(new UserProfile("Anna", "Lima", null, "pt-BR", "Europe/Lisbon",
                    "+5511987654321", true, "{}"));
            assertThat(changed.updatedAt()).isEqualTo(now());
            assertThat(changed.email()).isEqualTo(u.email());
            assertThat(changed.emailVerified()).isTrue();
            assertThat(changed.displayName()).isEqualTo("Ana");
            assertThat(a().users().getById(u.id()).orElseThrow()).isEqualTo(changed);

            User cleared = a().users().updateProfile(u.id(), ProfileUpdate.replacing(UserProfile.EMPTY));
            assertThat(cleared.profile()).isEqualTo(UserProfile.EMPTY);
            assertThat(a().users().updateProfile(u.id(), ProfileUpdate.builder().build()).profile())
                    .isEqualTo(UserProfile.EMPTY);
        }

        @Test
        void aNewPhoneNumberIsUnverifiedUnlessSaidOtherwiseAndTheSameNumberKeepsItsFlag() {
            User u = a().users().create(new NewUser(email(), null, null, false).withProfile(full));
            User same = a().users().updateProfile(u.id(), ProfileUpdate.builder().phoneNumber("+5511987654321").build());
            assertThat(same.profile().phoneNumberVerified()).isTrue();
            User other = a().users().updateProfile(u.id(), ProfileUpdate.builder().phoneNumber("+33612345678").build());
            assertThat(other.profile().phoneNumber()).isEqualTo("+33612345678");
            assertThat(other.profile().phoneNumberVerified()).isFalse();
            User verified = a().users().updateProfile(u.id(), ProfileUpdate.builder().phoneNumberVerified(true).build());
            assertThat(verified.profile().phoneNumberVerified()).isTrue();
            User both = a().users().updateProfile(u.id(), ProfileUpdate.builder().phoneNumber("+4915112345678")
                    .phoneNumberVerified(true).build());
            assertThat(both.profile().phoneNumber()).isEqualTo("+4915112345678");
            assertThat(both.profile().phoneNumberVerified()).isTrue();
            User gone = a().users().updateProfile(u.id(), ProfileUpdate.builder().phoneNumber(null).build());
            assertThat(gone.profile().phoneNumber()).isNull();
            assertThat(gone.profile().phoneNumberVerified()).isFalse();
        }

        @Test
        void badInputIsRefusedAndNothingIsWritten() {
            User u = a().users().create(new NewUser(email(), null, null, false).withProfile(full));
            clock.advance(Duration.ofSeconds(3));
            String big = "{\"k\": \"" + "x".repeat(ProfileUpdate.MAX_METADATA) + "\"}";
            List<ProfileUpdate> bad = List.of(
                    ProfileUpdate.builder().givenName("Bob").metadata(big).build(),
                    ProfileUpdate.builder().givenName("Bob").metadata("[1, 2]").build(),
                    ProfileUpdate.builder().givenName("Bob").metadata("{\"open\": ").build(),
                    ProfileUpdate.builder().givenName("Bob").locale("not a locale").build(),
                    ProfileUpdate.builder().givenName("Bob").zoneInfo("Mars/Olympus").build(),
                    ProfileUpdate.builder().givenName("Bob").zoneInfo("+02:00").build(),
                    ProfileUpdate.builder().givenName("Bob").pictureUrl("http://img.example.com/a.png").build(),
                    ProfileUpdate.builder().givenName("Bob").pictureUrl("ftp://img.example.com/a.png").build(),
                    ProfileUpdate.builder().givenName("Bob").pictureUrl("https://user:pw@img.example.com/").build(),
                    ProfileUpdate.builder().givenName("Bob").pictureUrl("not a url").build(),
                    ProfileUpdate.builder().givenName("Bob").phoneNumber("0612345678").build(),
                    ProfileUpdate.builder().givenName("Bob").phoneNumber("+1 555 0100").build(),
                    ProfileUpdate.builder().givenName("Bob").familyName("x".repeat(257)).build(),
                    ProfileUpdate.builder().givenName(" ").build(),
                    ProfileUpdate.builder().givenName("Bob").phoneNumber(null).phoneNumberVerified(true).build());
            for (ProfileUpdate update : bad) {
                assertThatThrownBy(() -> a().users().updateProfile(u.id(), update)).as(update.toString())
                        .isInstanceOf(InvalidInputException.class)
                        .satisfies(e -> assertCode(e, ErrorCode.INVALID_INPUT));
            }
            assertThat(a().users().getById(u.id()).orElseThrow()).isEqualTo(u);
            assertThatThrownBy(() -> a().users().create(new NewUser(email(), null, null, false)
                    .withProfile(new UserProfile("Bob", null, null, null, null, null, false, big))))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().users().create(new NewUser(email(), null, null, false)
                    .withProfile(new UserProfile("Bob", null, null, null, null, null, true, null))))
                    .isInstanceOf(InvalidInputException.class);
            assertThat(a().users().list(new UserQuery(10, "bob", null)).users()).isEmpty();
        }

        @Test
        void localhostPicturesMayUseHttpAndMetadataIsKeptAsGiven() {
            User u = user(a());
            String json = "{ \"nested\" : {\"a\": [true, null, 1.5e3]}, \"name\": \"\\u00e9t\u00e9\" }";
            User changed = a().users().updateProfile(u.id(), ProfileUpdate.builder()
                    .pictureUrl("http://localhost:8080/me.png").metadata(json).locale("EN").build());
            assertThat(changed.profile().pictureUrl()).isEqualTo("http://localhost:8080/me.png");
            assertThat(changed.profile().metadata()).isEqualTo(json);
            assertThat(changed.profile().locale()).isEqualTo("en");
            assertThat(a().users().getById(u.id()).orElseThrow().profile()).isEqualTo(changed.profile());
        }

        @Test
        void searchFindsPrefixesOfGivenAndFamilyNamesAndFollowsTheirChanges() {
            String given = name("Giv");
            String family = name("Fam");
            User u = a().users().create(new NewUser(email(), null, null, false)
                    .withProfile(new UserProfile(given, family, null, null, null, null, false, null)));
            assertThat(a().users().list(new UserQuery(10, given.toLowerCase(Locale.ROOT), null)).users())
                    .extracting(User::id).containsExactly(u.id());
            assertThat(a().users().list(new UserQuery(10, family.substring(0, 8).toUpperCase(Locale.ROOT), null))
                    .users()).extracting(User::id).containsExactly(u.id());
            a().users().updateProfile(u.id(), ProfileUpdate.builder().givenName(null).familyName("Other").build());
            assertThat(a().users().list(new UserQuery(10, given, null)).users()).isEmpty();
            assertThat(a().users().list(new UserQuery(10, family, null)).users()).isEmpty();
        }

        @Test
        void anUnknownOrMalformedUserIsRefused() {
            ProfileUpdate update = ProfileUpdate.builder().givenName("X").build();
            assertThatThrownBy(() -> a().users().updateProfile(UUID.randomUUID().toString(), update))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> a().users().updateProfile("nope", update))
                    .isInstanceOf(InvalidInputException.class);
        }

        @Test
        void anotherTenantCannotReadUpdateOrFindTheProfile() {
            String given = name("Secret");
            User ua = a().users().create(new NewUser(email(), null, null, false)
                    .withProfile(new UserProfile(given, null, null, null, null, "+33611111111", true, "{\"a\": 1}")));
            User ub = user(b());
            assertThat(b().users().getById(ua.id())).isEmpty();
            assertThat(b().users().list(new UserQuery(10, given, null)).users()).isEmpty();
            assertThatThrownBy(() -> b().users().updateProfile(ua.id(), ProfileUpdate.builder().givenName("Mallory")
                    .phoneNumber("+33622222222").phoneNumberVerified(true).metadata("{}").build()))
                    .isInstanceOf(NotFoundException.class);
            assertThat(a().users().getById(ua.id()).orElseThrow()).isEqualTo(ua);
            assertThatThrownBy(() -> a().users().updateProfile(ub.id(), ProfileUpdate.builder().givenName("x").build()))
                    .isInstanceOf(NotFoundException.class);
            assertThat(b().users().getById(ub.id()).orElseThrow()).isEqualTo(ub);
        }
    }

    /**
     * Tenant separation: A and B write equal emails, hashes, client ids and role names; nothing A
     * does through any method reads, changes or counts B's rows.
     */
    @Nested
    class TenantSeparation {
        @Test
        void usersWithEqualEmailsStaySeparate() {
            String email = email();
            String marker = name("iso");
            User ua = a().users().create(new NewUser(email, hasher.hash("a".toCharArray()), marker, false));
            User ub = b().users().create(new NewUser(email, hasher.hash("b".toCharArray()), marker, false));
            assertThat(ua.id()).isNotEqualTo(ub.id());

            assertThat(a().users().getByEmail(email).orElseThrow().user().id()).isEqualTo(ua.id());
            assertThat(b().users().getByEmail(email).orElseThrow().user().id()).isEqualTo(ub.id());
            assertThat(a().users().getById(ub.id())).isEmpty();
            assertThat(a().users().list(new UserQuery(10, marker, null)).users()).extracting(User::id)
                    .containsExactly(ua.id());
            assertThat(a().users().list(new UserQuery(200, null, null)).users()).extracting(User::id)
                    .doesNotContain(ub.id());
            assertThatThrownBy(() -> a().users().update(ub.id(), new UserUpdate(null, "hijack")))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> a().users().disable(ub.id(), "a", "x", null))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> a().users().enable(ub.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> a().users().setEmailVerified(ub.id(), true))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> a().users().updatePasswordHash(ub.id(), hasher.hash("x".toCharArray())))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> a().users().setPassword(ub.id(), "x".toCharArray()))
                    .isInstanceOf(NotFoundException.class);
            assertThat(a().users().checkPassword(ub.id(), "b".toCharArray())).isFalse();
            assertThat(a().users().delete(ub.id())).isFalse();

            User stillB = b().users().getById(ub.id()).orElseThrow();
            assertThat(stillB).isEqualTo(ub);
            assertThat(b().users().checkPassword(ub.id(), "b".toCharArray())).isTrue();
            assertThat(b().users().checkPassword(ub.id(), "a".toCharArray())).isFalse();
        }

        @Test
        void tokensWithEqualHashesStaySeparate() {
            User ua = user(a());
            User ub = user(b());
            String h = hash();
            String client = name("client");
            RefreshToken ta = a().tokens().create(token(h, ua.id(), client, Duration.ofHours(1)));
            RefreshToken tb = b().tokens().create(token(h, ub.id(), client, Duration.ofHours(1)));
            String expiringHash = hash();
            b().tokens().create(token(expiringHash, ub.id(), client, Duration.ofSeconds(1)));

            assertThat(a().tokens().getByHash(h)).contains(ta);
            assertThat(b().tokens().getByHash(h)).contains(tb);
            assertThat(a().tokens().getByHash(expiringHash)).isEmpty();
            assertThatThrownBy(() -> a().tokens().create(token(hash(), ub.id(), client, Duration.ofHours(1))))
                    .isInstanceOf(NotFoundException.class);
            assertThat(a().tokens().revokeAllByUser(ub.id(), null)).isZero();
            assertThat(a().tokens().revokeAllByUser(ub.id(), client)).isZero();
            assertThat(a().tokens().revokeAllByClient(client)).isEqualTo(1);
            assertThat(b().tokens().getByHash(h).orElseThrow().revokedAt()).isNull();

            clock.advance(Duration.ofSeconds(2));
            a().tokens().deleteExpired();
            assertThat(b().tokens().getByHash(expiringHash)).isPresent();
            assertThatThrownBy(() -> a().tokens().rotate(expiringHash, hash(), Duration.ofHours(1)))
                    .satisfies(e -> assertCode(e, ErrorCode.INVALID_INPUT));

            String h2 = hash();
            a().tokens().create(token(h2, ua.id(), client, Duration.ofHours(1)));
            RefreshToken tb2 = b().tokens().create(token(h2, ub.id(), client, Duration.ofHours(1)));
            assertThat(a().tokens().revoke(h2)).isTrue();
            assertThat(b().tokens().getByHash(h2)).contains(tb2);
            String h3 = hash();
            a().tokens().create(token(h3, ua.id(), client, Duration.ofHours(1)));
            b().tokens().create(token(h3, ub.id(), client, Duration.ofHours(1)));
            a().tokens().rotate(h3, hash(), Duration.ofHours(1));
            assertThat(b().tokens().getByHash(h3).orElseThrow().rotatedAt()).isNull();
            // reuse in A revokes A's family only
            assertThatThrownBy(() -> a().tokens().rotate(h3, hash(), Duration.ofHours(1)))
                    .satisfies(e -> assertCode(e, ErrorCode.TOKEN_REUSED));
            assertThat(b().tokens().getByHash(h3).orElseThrow().isActiveAt(now())).isTrue();
            assertThat(b().tokens().rotate(h3, hash(), Duration.ofHours(1))).isNotNull();
        }

        @Test
        void mfaStaysSeparate() {
            User ua = user(a());
            User ub = user(b());
            String code = hash();
            String device = hash();
            b().mfa().upsertTotp(ub.id(), Secret.of("BBBB"));
            b().mfa().setRecoveryCodes(ub.id(), List.of(code));
            a().mfa().setRecoveryCodes(ua.id(), List.of(code));
            b().mfa().addTrustedDevice(ub.id(), device, Duration.ofDays(1));
            a().mfa().addTrustedDevice(ua.id(), device, Duration.ofDays(1));

            assertThat(a().mfa().getTotp(ub.id())).isEmpty();
            assertThat(a().mfa().confirmTotp(ub.id())).isFalse();
            assertThat(a().mfa().markTotpUsed(ub.id(), 7)).isFalse();
            assertThat(a().mfa().disableTotp(ub.id())).isFalse();
            assertThatThrownBy(() -> a().mfa().upsertTotp(ub.id(), Secret.of("AAAA")))
                    .isInstanceOf(NotFoundException.class);
            assertThat(a().mfa().useRecoveryCode(ub.id(), code)).isFalse();
            assertThat(a().mfa().remainingRecoveryCodes(ub.id())).isZero();
            assertThat(a().mfa().deleteRecoveryCodes(ub.id())).isZero();
            assertThatThrownBy(() -> a().mfa().setRecoveryCodes(ub.id(), List.of(hash())))
                    .isInstanceOf(NotFoundException.class);
            assertThat(a().mfa().isTrustedDevice(ub.id(), device)).isFalse();
            assertThat(a().mfa().removeTrustedDevices(ub.id())).isZero();
            assertThat(a().mfa().useRecoveryCode(ua.id(), code)).isTrue();
            assertThat(a().mfa().removeTrustedDevices(ua.id())).isEqualTo(1);

            MfaTotp totp = b().mfa().getTotp(ub.id()).orElseThrow();
            assertThat(totp.confirmed()).isFalse();
            assertThat(totp.lastUsedStep()).isNull();
            assertThat(b().mfa().remainingRecoveryCodes(ub.id())).isEqualTo(1);
            assertThat(b().mfa().useRecoveryCode(ub.id(), code)).isTrue();
            assertThat(b().mfa().isTrustedDevice(ub.id(), device)).isTrue();
        }

        @Test
        void consentsStaySeparate() {
            User ua = user(a());
            User ub = user(b());
            b().consents().upsert(ub.id(), "web", Set.of("openid"));
            a().consents().upsert(ua.id(), "web", Set.of("email"));
            assertThat(a().consents().get(ub.id(), "web")).isEmpty();
            assertThat(a().consents().listByUser(ub.id(), false)).isEmpty();
            assertThat(a().consents().revoke(ub.id(), "web")).isFalse();
            assertThatThrownBy(() -> a().consents().upsert(ub.id(), "web", Set.of("email")))
                    .isInstanceOf(NotFoundException.class);
            Consent consent = b().consents().get(ub.id(), "web").orElseThrow();
            assertThat(consent.scopes()).containsExactly("openid");
            assertThat(consent.active()).isTrue();
        }

        @Test
        void rolesWithEqualNamesStaySeparate() {
            String name = name("shared-name");
            String parent = name("parent");
            Role ra = a().rbac().createRole(new NewRole(name, "A", Set.of("a:perm"), List.of(), false));
            b().rbac().createRole(new NewRole(parent, "B parent", Set.of("b:inherited"), List.of(), false));
            Role rb = b().rbac().createRole(new NewRole(name, "B", Set.of("b:perm"), List.of(parent), false));
            User ua = user(a());
            User ub = user(b());
            b().rbac().assignRole(ub.id(), name);

            assertThat(a().rbac().getRole(name)).contains(ra);
            assertThat(a().rbac().getRole(parent)).isEmpty();
            assertThat(a().rbac().listRoles()).extracting(Role::id).contains(ra.id()).doesNotContain(rb.id());
            assertThat(a().rbac().userRoles(ub.id())).isEmpty();
            assertThat(a().rbac().userPermissions(ub.id())).isEmpty();
            assertThatThrownBy(() -> a().rbac().assignRole(ub.id(), name)).isInstanceOf(NotFoundException.class);
            assertThat(a().rbac().removeRole(ub.id(), name)).isFalse();
            assertThatThrownBy(() -> a().rbac().createRole(new NewRole(name("x"), "", Set.of(), List.of(parent),
                    false))).isInstanceOf(InvalidInputException.class);
            a().rbac().addPermission(name, "a:extra");
            a().rbac().updateRole(name, new RoleUpdate("A2", null, null));
            assertThat(a().rbac().removePermission(name, "b:perm")).isFalse();
            a().rbac().assignRole(ua.id(), name);
            assertThat(a().rbac().userPermissions(ua.id())).containsExactlyInAnyOrder("a:perm", "a:extra");
            assertThat(a().rbac().deleteRole(name)).isTrue();

            Role stillB = b().rbac().getRole(name).orElseThrow();
            assertThat(stillB).isEqualTo(rb);
            assertThat(b().rbac().userRoles(ub.id())).containsExactly(rb);
            assertThat(b().rbac().userPermissions(ub.id())).containsExactlyInAnyOrder("b:perm", "b:inherited");
        }

        @Test
        void bindingTheSameTenantAgainSeesItsRowsAndAnotherTenantOnTheSameTargetSeesNone() {
            User ua = user(a());
            TenantScope sameA = Objects.requireNonNull(scopeA);
            assertThat(connection().bind(sameA).users().getById(ua.id())).isPresent();
            TenantScope otherOnTargetOfA = new TenantScope(UUID.randomUUID().toString(), sameA.slug() + "-x",
                    sameA.isolation(), sameA.schema());
            if (sameA.isolation() == Isolation.SCHEMA) {
                // A schema is one tenant's: one holding another tenant's rows (say, left by a tenant
                // deleted with its data kept) is refused, never shared.
                assertThatThrownBy(() -> connection().bind(otherOnTargetOfA)).isInstanceOf(ConflictException.class)
                        .hasMessageContaining(sameA.schema()).hasMessageContaining(sameA.tenantId());
                return;
            }
            TenantRepositories other = connection().bind(otherOnTargetOfA);
            assertThat(other.users().getById(ua.id())).isEmpty();
            assertThat(other.users().getByEmail(ua.email())).isEmpty();
            assertThat(other.users().list(new UserQuery(200, null, null)).users()).isEmpty();
        }
    }

    /** Binding, and the isolations the adapter declares. */
    @Nested
    class Binding {
        /** Where the adapter has no schemas, a schema scope is refused for that reason, before any SQL. */
        @Test
        void aMalformedSchemaNameIsRejectedBeforeAnySql() {
            TenantScope bad = new TenantScope(UUID.randomUUID().toString(), "bad", Isolation.SCHEMA, "x\"; drop");
            if (adapter().isolations().contains(Isolation.SCHEMA)) {
                assertThatThrownBy(() -> connection().bind(bad)).isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("x\"; drop");
            } else {
                assertThatThrownBy(() -> connection().bind(bad)).isInstanceOf(UnsupportedIsolationException.class);
            }
        }

        /**
         * Every isolation the adapter does not declare is not applicable: this suite does not run
         * it, says so in the test report, and checks the adapter refuses it with a typed error.
         */
        @Test
        void undeclaredIsolationsAreReportedNotApplicableAndRefused(TestReporter report) {
            Set<Isolation> declared = adapter().isolations();
            assertThat(declared).as("an adapter declares at least one isolation").isNotEmpty();
            for (Isolation undeclared : EnumSet.complementOf(EnumSet.copyOf(declared))) {
                report.publishEntry("not applicable", adapter().name() + " does not declare '"
                        + undeclared.yamlName() + "' isolation; declared: " + declared);
                TenantScope scope = new TenantScope(UUID.randomUUID().toString(), "undeclared", undeclared,
                        undeclared == Isolation.SCHEMA ? "ts_undeclared" : null);
                assertThatThrownBy(() -> connection().bind(scope))
                        .as("binding undeclared isolation %s", undeclared)
                        .isInstanceOfSatisfying(UnsupportedIsolationException.class, e -> {
                            assertThat(e.isolation()).isEqualTo(undeclared);
                            assertThat(e.supported()).isEqualTo(declared);
                        });
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // one-time tokens

    private static NewOneTimeToken ott(String hash, OneTimeTokenPurpose purpose, String userId, Duration ttl) {
        return NewOneTimeToken.forUser(hash, purpose, userId, ttl);
    }

    /** {@link OneTimeTokenRepository}. */
    @Nested
    class OneTimeTokens {
        @Test
        void issueStoresTheTokenAndConsumeUsesItUpExactlyOnce() {
            User u = user(a());
            String h = hash();
            OneTimeToken issued = a().oneTimeTokens().issue(ott(h, OneTimeTokenPurpose.EMAIL_VERIFICATION, u.id(),
                    Duration.ofHours(1)).withEmail(u.email()));
            assertThat(issued.tokenHash()).isEqualTo(h);
            assertThat(issued.userId()).isEqualTo(u.id());
            assertThat(issued.email()).isEqualTo(u.email());
            assertThat(issued.createdAt()).isEqualTo(now());
            assertThat(issued.expiresAt()).isEqualTo(now().plus(Duration.ofHours(1)));
            assertThat(issued.isUsableAt(now())).isTrue();
            assertThat(issued.toString()).doesNotContain(h);
            assertThat(a().oneTimeTokens().getByHash(h)).contains(issued);

            clock.advance(Duration.ofMinutes(1));
            OneTimeToken consumed = a().oneTimeTokens().consume(h, OneTimeTokenPurpose.EMAIL_VERIFICATION)
                    .orElseThrow();
            assertThat(consumed.id()).isEqualTo(issued.id());
            assertThat(consumed.consumedAt()).isEqualTo(now());
            assertThat(a().oneTimeTokens().consume(h, OneTimeTokenPurpose.EMAIL_VERIFICATION)).isEmpty();
            assertThat(a().oneTimeTokens().getByHash(h)).contains(consumed);
            assertThat(a().oneTimeTokens().consume(hash(), OneTimeTokenPurpose.EMAIL_VERIFICATION)).isEmpty();
        }

        @Test
        void aTokenIsOnlyConsumedForItsOwnPurpose() {
            User u = user(a());
            String h = hash();
            a().oneTimeTokens().issue(ott(h, OneTimeTokenPurpose.PASSWORD_RESET, u.id(), Duration.ofHours(1)));
            assertThat(a().oneTimeTokens().consume(h, OneTimeTokenPurpose.MAGIC_LINK)).isEmpty();
            assertThat(a().oneTimeTokens().consume(h, OneTimeTokenPurpose.EMAIL_VERIFICATION)).isEmpty();
            assertThat(a().oneTimeTokens().getByHash(h).orElseThrow().consumedAt()).isNull();
            assertThat(a().oneTimeTokens().consume(h, OneTimeTokenPurpose.PASSWORD_RESET)).isPresent();
        }

        @Test
        void anExpiredTokenIsNotConsumed() {
            User u = user(a());
            String h = hash();
            String later = hash();
            a().oneTimeTokens().issue(ott(h, OneTimeTokenPurpose.MAGIC_LINK, u.id(), Duration.ofMinutes(10)));
            a().oneTimeTokens().issue(ott(later, OneTimeTokenPurpose.MAGIC_LINK, u.id(), Duration.ofMinutes(20)));
            clock.advance(Duration.ofMinutes(10));
            assertThat(a().oneTimeTokens().consume(h, OneTimeTokenPurpose.MAGIC_LINK)).isEmpty();
            assertThat(a().oneTimeTokens().getByHash(h).orElseThrow().consumedAt()).isNull();
            assertThat(a().oneTimeTokens().consume(later, OneTimeTokenPurpose.MAGIC_LINK)).isPresent();
        }

        @Test
        void issueCanRevokeTheUsersOlderTokensOfTheSamePurpose() {
            User u = user(a());
            User other = user(a());
            String first = hash();
            String second = hash();
            String consumed = hash();
            String otherPurpose = hash();
            String otherUser = hash();
            a().oneTimeTokens().issue(ott(first, OneTimeTokenPurpose.PASSWORD_RESET, u.id(), Duration.ofHours(1)));
            a().oneTimeTokens().issue(ott(second, OneTimeTokenPurpose.PASSWORD_RESET, u.id(), Duration.ofHours(1)));
            a().oneTimeTokens().issue(ott(consumed, OneTimeTokenPurpose.PASSWORD_RESET, u.id(), Duration.ofHours(1)));
            a().oneTimeTokens().consume(consumed, OneTimeTokenPurpose.PASSWORD_RESET).orElseThrow();
            a().oneTimeTokens().issue(ott(otherPurpose, OneTimeTokenPurpose.MAGIC_LINK, u.id(), Duration.ofHours(1)));
            a().oneTimeTokens().issue(ott(otherUser, OneTimeTokenPurpose.PASSWORD_RESET, other.id(),
                    Duration.ofHours(1)));
            clock.advance(Duration.ofSeconds(1));

            String newest = hash();
            OneTimeToken issued = a().oneTimeTokens().issue(ott(newest, OneTimeTokenPurpose.PASSWORD_RESET, u.id(),
                    Duration.ofHours(1)).revokingOlder());

            assertThat(issued.isUsableAt(now())).isTrue();
            assertThat(a().oneTimeTokens().getByHash(first).orElseThrow().revokedAt()).isEqualTo(now());
            assertThat(a().oneTimeTokens().getByHash(second).orElseThrow().revokedAt()).isEqualTo(now());
            assertThat(a().oneTimeTokens().getByHash(consumed).orElseThrow().revokedAt()).isNull();
            assertThat(a().oneTimeTokens().getByHash(otherPurpose).orElseThrow().revokedAt()).isNull();
            assertThat(a().oneTimeTokens().getByHash(otherUser).orElseThrow().revokedAt()).isNull();
            assertThat(a().oneTimeTokens().consume(first, OneTimeTokenPurpose.PASSWORD_RESET)).isEmpty();
            assertThat(a().oneTimeTokens().consume(newest, OneTimeTokenPurpose.PASSWORD_RESET)).isPresent();
        }

        @Test
        void aRefusedIssueRevokesNothing() {
            User u = user(a());
            String older = hash();
            a().oneTimeTokens().issue(ott(older, OneTimeTokenPurpose.PASSWORD_RESET, u.id(), Duration.ofHours(1)));
            assertThatThrownBy(() -> a().oneTimeTokens().issue(ott(older, OneTimeTokenPurpose.PASSWORD_RESET, u.id(),
                    Duration.ofHours(1)).revokingOlder()))
                    .isInstanceOf(ConflictException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(older));
            assertThat(a().oneTimeTokens().getByHash(older).orElseThrow().revokedAt()).isNull();
        }

        @Test
        void revokeAllRevokesTheUsersUnusedTokensOfOnePurpose() {
            User u = user(a());
            String r1 = hash();
            String r2 = hash();
            String link = hash();
            a().oneTimeTokens().issue(ott(r1, OneTimeTokenPurpose.PASSWORD_RESET, u.id(), Duration.ofHours(1)));
            a().oneTimeTokens().issue(ott(r2, OneTimeTokenPurpose.PASSWORD_RESET, u.id(), Duration.ofHours(1)));
            a().oneTimeTokens().issue(ott(link, OneTimeTokenPurpose.MAGIC_LINK, u.id(), Duration.ofHours(1)));
            assertThat(a().oneTimeTokens().revokeAll(u.id(), OneTimeTokenPurpose.PASSWORD_RESET)).isEqualTo(2);
            assertThat(a().oneTimeTokens().revokeAll(u.id(), OneTimeTokenPurpose.PASSWORD_RESET)).isZero();
            assertThat(a().oneTimeTokens().consume(r1, OneTimeTokenPurpose.PASSWORD_RESET)).isEmpty();
            assertThat(a().oneTimeTokens().consume(link, OneTimeTokenPurpose.MAGIC_LINK)).isPresent();
        }

        @Test
        void anInvitationMayNameOnlyAnEmail() {
            String h = hash();
            String invitee = email();
            OneTimeToken issued = a().oneTimeTokens().issue(new NewOneTimeToken(h, OneTimeTokenPurpose.INVITATION,
                    null, invitee, Duration.ofDays(7), false));
            assertThat(issued.userId()).isNull();
            OneTimeToken consumed = a().oneTimeTokens().consume(h, OneTimeTokenPurpose.INVITATION).orElseThrow();
            assertThat(consumed.email()).isEqualTo(invitee);
            assertThat(consumed.userId()).isNull();
        }

        @Test
        void badInputIsRefusedAndNothingIsStored() {
            User u = user(a());
            String h = hash();
            assertThatThrownBy(() -> a().oneTimeTokens().issue(new NewOneTimeToken(h, OneTimeTokenPurpose.INVITATION,
                    null, null, Duration.ofDays(1), false))).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().oneTimeTokens().issue(new NewOneTimeToken(h, OneTimeTokenPurpose.INVITATION,
                    null, email(), Duration.ofDays(1), true))).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().oneTimeTokens().issue(ott(h, OneTimeTokenPurpose.MAGIC_LINK, u.id(),
                    Duration.ZERO))).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().oneTimeTokens().issue(ott(h, OneTimeTokenPurpose.MAGIC_LINK, u.id(),
                    Duration.ofDays(100_000)))).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().oneTimeTokens().issue(ott("has space", OneTimeTokenPurpose.MAGIC_LINK,
                    u.id(), Duration.ofHours(1)))).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().oneTimeTokens().issue(ott(h, OneTimeTokenPurpose.MAGIC_LINK, "not-a-uuid",
                    Duration.ofHours(1)))).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().oneTimeTokens().issue(ott(h, OneTimeTokenPurpose.MAGIC_LINK, u.id(),
                    Duration.ofHours(1)).withEmail("not an email"))).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().oneTimeTokens().issue(ott(h, OneTimeTokenPurpose.MAGIC_LINK,
                    UUID.randomUUID().toString(), Duration.ofHours(1)))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> a().oneTimeTokens().consume("", OneTimeTokenPurpose.MAGIC_LINK))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().oneTimeTokens().revokeAll("x", OneTimeTokenPurpose.MAGIC_LINK))
                    .isInstanceOf(InvalidInputException.class);
            assertThat(a().oneTimeTokens().getByHash(h)).isEmpty();
        }

        @Test
        void deletingTheUserDeletesItsTokens() {
            User u = user(a());
            String h = hash();
            a().oneTimeTokens().issue(ott(h, OneTimeTokenPurpose.MAGIC_LINK, u.id(), Duration.ofHours(1)));
            assertThat(a().users().delete(u.id())).isTrue();
            assertThat(a().oneTimeTokens().getByHash(h)).isEmpty();
        }

        @Test
        void deleteExpiredPurgesInBatchesUpToTheCutOff() {
            TenantRepositories fresh = a();
            Instant cutOff = now().plus(Duration.ofMinutes(10));
            // what earlier tests left to expire by then goes first, so the count below is exact
            fresh.oneTimeTokens().deleteExpired(cutOff);
            int expiring = OneTimeTokenRepository.DELETE_BATCH + 3;
            List<String> hashes = new ArrayList<>();
            for (int i = 0; i < expiring; i++) {
                String h = hash();
                hashes.add(h);
                fresh.oneTimeTokens().issue(new NewOneTimeToken(h, OneTimeTokenPurpose.INVITATION, null, email(),
                        Duration.ofMinutes(5), false));
            }
            String kept = hash();
            fresh.oneTimeTokens().issue(new NewOneTimeToken(kept, OneTimeTokenPurpose.INVITATION, null, email(),
                    Duration.ofMinutes(30), false));

            assertThat(fresh.oneTimeTokens().deleteExpired(cutOff)).isEqualTo(expiring);
            assertThat(fresh.oneTimeTokens().getByHash(hashes.get(0))).isEmpty();
            assertThat(fresh.oneTimeTokens().getByHash(hashes.get(expiring - 1))).isEmpty();
            assertThat(fresh.oneTimeTokens().getByHash(kept)).isPresent();
            assertThat(fresh.oneTimeTokens().deleteExpired(cutOff)).isZero();
            assertThat(fresh.oneTimeTokens().deleteExpired(cutOff.plus(Duration.ofMinutes(20)))).isPositive();
            assertThat(fresh.oneTimeTokens().getByHash(kept)).isEmpty();
        }

        @Test
        void ofSixteenConcurrentConsumesOfOneTokenExactlyOneWins() throws Exception {
            User u = user(a());
            String h = hash();
            a().oneTimeTokens().issue(ott(h, OneTimeTokenPurpose.MAGIC_LINK, u.id(), Duration.ofHours(1)));
            List<Object> results = race(() -> a().oneTimeTokens().consume(h, OneTimeTokenPurpose.MAGIC_LINK));
            assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(java.util.Optional.class));
            assertThat(results).filteredOn(r -> ((java.util.Optional<?>) r).isPresent()).hasSize(1);
            assertThat(a().oneTimeTokens().getByHash(h).orElseThrow().consumedAt()).isEqualTo(now());
        }

        @Test
        void anotherTenantCannotConsumeRevokeOrPurgeTheToken() {
            User ua = user(a());
            User ub = user(b());
            String h = hash();
            OneTimeToken ta = a().oneTimeTokens().issue(ott(h, OneTimeTokenPurpose.PASSWORD_RESET, ua.id(),
                    Duration.ofHours(1)));
            String shortLived = hash();
            a().oneTimeTokens().issue(ott(shortLived, OneTimeTokenPurpose.PASSWORD_RESET, ua.id(),
                    Duration.ofSeconds(1)));

            assertThat(b().oneTimeTokens().consume(h, OneTimeTokenPurpose.PASSWORD_RESET)).isEmpty();
            assertThat(b().oneTimeTokens().getByHash(h)).isEmpty();
            assertThat(b().oneTimeTokens().revokeAll(ua.id(), OneTimeTokenPurpose.PASSWORD_RESET)).isZero();
            assertThatThrownBy(() -> b().oneTimeTokens().issue(ott(hash(), OneTimeTokenPurpose.PASSWORD_RESET,
                    ua.id(), Duration.ofHours(1)))).isInstanceOf(NotFoundException.class);
            clock.advance(Duration.ofSeconds(2));
            b().oneTimeTokens().deleteExpired(now());
            assertThat(a().oneTimeTokens().getByHash(shortLived)).isPresent();

            // the same hash in B is B's own token; revoking B's older tokens leaves A's alone
            OneTimeToken tb = b().oneTimeTokens().issue(ott(h, OneTimeTokenPurpose.PASSWORD_RESET, ub.id(),
                    Duration.ofHours(1)).revokingOlder());
            assertThat(a().oneTimeTokens().getByHash(h)).contains(ta);
            assertThat(a().oneTimeTokens().consume(h, OneTimeTokenPurpose.PASSWORD_RESET).orElseThrow().userId())
                    .isEqualTo(ua.id());
            assertThat(b().oneTimeTokens().getByHash(h)).contains(tb);
            assertThat(b().oneTimeTokens().consume(h, OneTimeTokenPurpose.PASSWORD_RESET).orElseThrow().userId())
                    .isEqualTo(ub.id());
        }
    }

    // ---------------------------------------------------------------------------------------
    // identities

    /** @param t the tenant @return a new user without a password */
    private User userWithoutPassword(TenantRepositories t) {
        return t.users().create(new NewUser(email(), null, null, false));
    }

    /** {@link IdentityRepository}. */
    @Nested
    class Identities {
        @Test
        void linkFindAndListIdentities() {
            User u = user(a());
            String sub = name("sub");
            String claims = "{\"sub\":\"" + sub + "\",\"email_verified\":true,\"groups\":[\"a\",\"b\"]}";
            UserIdentity google = a().identities().link(u.id(), new NewIdentity("google", sub, "Ana@Gmail.com", true,
                    claims));
            assertThat(google.userId()).isEqualTo(u.id());
            assertThat(google.provider()).isEqualTo("google");
            assertThat(google.subject()).isEqualTo(sub);
            assertThat(google.email()).isEqualTo("Ana@Gmail.com");
            assertThat(google.emailVerified()).isTrue();
            assertThat(google.claims()).isEqualTo(claims);
            assertThat(google.createdAt()).isEqualTo(now());
            clock.advance(Duration.ofSeconds(1));
            String issuer = "https://login.example.com/realms/" + name("r");
            UserIdentity oidc = a().identities().link(u.id(), NewIdentity.of(issuer, sub));

            assertThat(a().identities().find("google", sub)).contains(google);
            assertThat(a().identities().find(issuer, sub)).contains(oidc);
            assertThat(a().identities().find("google", sub.toUpperCase(Locale.ROOT))).as("subjects are case-sensitive")
                    .isEmpty();
            assertThat(a().identities().find("github", sub)).isEmpty();

            List<UserIdentity> all = a().identities().list(u.id());
            assertThat(all).extracting(UserIdentity::provider).containsExactly(UserIdentity.PASSWORD, "google", issuer);
            assertThat(all.get(0).subject()).isEqualTo(u.id());
            assertThat(all.get(0).email()).isEqualTo(u.email());
            assertThat(all.get(0).claims()).isNull();
            assertThat(all.subList(1, 3)).containsExactly(google, oidc);
            assertThat(a().identities().list(UUID.randomUUID().toString())).isEmpty();
            assertThat(a().identities().list(userWithoutPassword(a()).id())).isEmpty();
        }

        @Test
        void aProviderSubjectIsLinkedToOneUserOnlyAndNeverMergedByEmail() {
            User ana = user(a());
            User other = user(a());
            String sub = name("sub");
            a().identities().link(ana.id(), new NewIdentity("github", sub, other.email(), true, null));
            assertThatThrownBy(() -> a().identities().link(other.id(), NewIdentity.of("github", sub)))
                    .isInstanceOf(ConflictException.class)
                    .satisfies(e -> assertCode(e, ErrorCode.CONFLICT));
            assertThatThrownBy(() -> a().identities().link(ana.id(), NewIdentity.of("github", sub)))
                    .isInstanceOf(ConflictException.class);
            // the provider's email equals other's email, yet the identity stays ana's and other gains nothing
            assertThat(a().identities().find("github", sub).orElseThrow().userId()).isEqualTo(ana.id());
            assertThat(a().identities().list(other.id())).extracting(UserIdentity::provider)
                    .containsExactly(UserIdentity.PASSWORD);
        }

        @Test
        void badInputIsRefusedAndNothingIsLinked() {
            User u = user(a());
            String sub = name("sub");
            assertThatThrownBy(() -> a().identities().link(u.id(), NewIdentity.of("password", sub)))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().identities().link(u.id(), NewIdentity.of("has space", sub)))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().identities().link(u.id(), NewIdentity.of("google", "x".repeat(256))))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().identities().link(u.id(), new NewIdentity("google", sub, "bad email", false,
                    null))).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().identities().link(u.id(), new NewIdentity("google", sub, null, false,
                    "[1, 2]"))).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().identities().link(u.id(), new NewIdentity("google", sub, null, false,
                    "{not json"))).isInstanceOf(InvalidInputException.class);
            String tooBig = "{\"x\":\"" + "y".repeat(16_384) + "\"}";
            assertThatThrownBy(() -> a().identities().link(u.id(), new NewIdentity("google", sub, null, false,
                    tooBig))).isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("yyyy"));
            assertThatThrownBy(() -> a().identities().link("nope", NewIdentity.of("google", sub)))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> a().identities().link(UUID.randomUUID().toString(), NewIdentity.of("google", sub)))
                    .isInstanceOf(NotFoundException.class);
            assertThat(a().identities().find("google", sub)).isEmpty();
        }

        @Test
        void unlinkNeverRemovesTheLastWayToSignIn() {
            User u = userWithoutPassword(a());
            String s1 = name("s1");
            String s2 = name("s2");
            a().identities().link(u.id(), NewIdentity.of("google", s1));
            a().identities().link(u.id(), NewIdentity.of("github", s2));
            assertThat(a().identities().unlink(u.id(), "google", s1)).isTrue();
            assertThat(a().identities().unlink(u.id(), "google", s1)).isFalse();
            assertThatThrownBy(() -> a().identities().unlink(u.id(), "github", s2))
                    .isInstanceOf(ConflictException.class)
                    .satisfies(e -> assertCode(e, ErrorCode.LAST_SIGN_IN_METHOD));
            assertThat(a().identities().find("github", s2)).isPresent();
            assertThat(a().identities().unlink(u.id(), "github", name("unknown"))).isFalse();
            assertThat(a().identities().unlink(user(a()).id(), "github", s2)).as("another user's identity").isFalse();
            assertThat(a().identities().find("github", s2).orElseThrow().userId()).isEqualTo(u.id());
        }

        @Test
        void thePasswordCanBeUnlinkedOnlyWhileAnotherWayRemains() {
            User u = user(a());
            assertThatThrownBy(() -> a().identities().unlink(u.id(), UserIdentity.PASSWORD, u.id()))
                    .isInstanceOf(ConflictException.class)
                    .satisfies(e -> assertCode(e, ErrorCode.LAST_SIGN_IN_METHOD));
            assertThat(a().users().checkPassword(u.id(), "pw".toCharArray())).isTrue();

            String sub = name("sub");
            a().identities().link(u.id(), NewIdentity.of("google", sub));
            assertThat(a().identities().unlink(u.id(), "google", sub)).as("the password remains").isTrue();
            a().identities().link(u.id(), NewIdentity.of("google", sub));
            assertThat(a().identities().unlink(u.id(), UserIdentity.PASSWORD, u.id())).isTrue();
            assertThat(a().users().checkPassword(u.id(), "pw".toCharArray())).isFalse();
            assertThat(a().identities().list(u.id())).extracting(UserIdentity::provider).containsExactly("google");
            assertThat(a().identities().unlink(u.id(), UserIdentity.PASSWORD, u.id())).isFalse();
            assertThatThrownBy(() -> a().identities().unlink(u.id(), "google", sub))
                    .satisfies(e -> assertCode(e, ErrorCode.LAST_SIGN_IN_METHOD));
        }

        @Test
        void concurrentUnlinksOfTheLastTwoWaysNeverBothSucceed() throws Exception {
            User u = userWithoutPassword(a());
            String s1 = name("s1");
            String s2 = name("s2");
            a().identities().link(u.id(), NewIdentity.of("google", s1));
            a().identities().link(u.id(), NewIdentity.of("github", s2));
            java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
            List<Object> results = race(() -> turn.getAndIncrement() % 2 == 0
                    ? a().identities().unlink(u.id(), "google", s1)
                    : a().identities().unlink(u.id(), "github", s2));
            assertThat(results).filteredOn(Boolean.TRUE::equals).hasSizeLessThanOrEqualTo(1);
            assertThat(results).allSatisfy(r -> assertThat(r instanceof Boolean
                    || (r instanceof StoreException se && se.code() == ErrorCode.LAST_SIGN_IN_METHOD)).as(
                            String.valueOf(r)).isTrue());
            assertThat(a().identities().list(u.id())).isNotEmpty();
        }

        @Test
        void deletingTheUserDeletesItsIdentities() {
            User u = user(a());
            String sub = name("sub");
            a().identities().link(u.id(), NewIdentity.of("google", sub));
            assertThat(a().users().delete(u.id())).isTrue();
            assertThat(a().identities().find("google", sub)).isEmpty();
            User again = user(a());
            assertThat(a().identities().link(again.id(), NewIdentity.of("google", sub)).userId()).isEqualTo(again.id());
        }

        @Test
        void anotherTenantsProviderSubjectIsInvisibleAndFreeToLink() {
            User ua = user(a());
            User ub = user(b());
            String sub = name("sub");
            UserIdentity inA = a().identities().link(ua.id(), NewIdentity.of("google", sub));

            assertThat(b().identities().find("google", sub)).isEmpty();
            assertThat(b().identities().list(ua.id())).isEmpty();
            assertThat(b().identities().unlink(ua.id(), "google", sub)).isFalse();
            assertThat(b().identities().unlink(ua.id(), UserIdentity.PASSWORD, ua.id())).isFalse();
            assertThatThrownBy(() -> b().identities().link(ua.id(), NewIdentity.of("github", sub)))
                    .isInstanceOf(NotFoundException.class);
            UserIdentity inB = b().identities().link(ub.id(), NewIdentity.of("google", sub));

            assertThat(a().identities().find("google", sub)).contains(inA);
            assertThat(b().identities().find("google", sub)).contains(inB);
            assertThat(a().identities().unlink(ua.id(), "google", sub)).isTrue();
            assertThat(b().identities().find("google", sub)).contains(inB);
            assertThat(a().users().checkPassword(ua.id(), "pw".toCharArray())).isTrue();
        }
    }
}

package io.tenantstore.testkit.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.tenantstore.ConfigAccess;
import io.tenantstore.ConflictException;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.NotLeaderException;
import io.tenantstore.Secret;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.core.internal.DefaultDataAccessLayer;
import io.tenantstore.model.Admin;
import io.tenantstore.model.ClientType;
import io.tenantstore.model.NewAdmin;
import io.tenantstore.model.NewClient;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Scope;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantBranding;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.model.SignatureResult;
import io.tenantstore.model.SigningKey;
import io.tenantstore.model.SigningKeyAlgorithm;
import io.tenantstore.model.SigningKeyState;
import io.tenantstore.repository.SigningKeyRepository;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The control-plane conformance suite: the same behaviour from the YAML files and from each
 * database holding the control plane. A subclass opens stores on one shared control plane (each
 * {@link #open(boolean, java.time.Clock)} is another instance, as another process would be) and shows the stored
 * text of a tenant; every test uses slugs of its own, so the suite may share a control plane
 * across tests. Not thread-safe; one instance per test (JUnit's default).
 */
public abstract class ControlPlaneConformanceSuite {
    private final List<DataAccessLayer> opened = new ArrayList<>();

    /**
     * Opens a store on the control plane under test, without a default tenant database, with the
     * keyring of {@link #keyring()} (when {@link #keyringNeeded()}) and the given clock.
     *
     * @param writer whether the store writes the control plane
     * @param clock  the store's clock
     * @return the open store
     */
    protected abstract DataAccessLayer open(boolean writer, java.time.Clock clock);

    /**
     * @param slug a tenant
     * @return everything stored for its signing keys, raw (the keys.yaml file, the database row's
     *         body, the tenant's whole MongoDB document as JSON), if anything is stored
     */
    protected abstract Optional<String> storedSigningKeysText(String slug);

    /** @return the keyring the stores of {@link #open} encrypt with (to prove what is stored is only ciphertext) */
    protected abstract io.tenantstore.core.secret.Keyring keyring();

    /**
     * @param slug a tenant
     * @return the stored tenant document (tenant.yaml text, in a file or a database row), if any
     */
    protected abstract Optional<String> storedTenantText(String slug);

    /**
     * @return the stored administrators document (admins.yaml text, in a file or a database row),
     *         if any
     */
    protected abstract Optional<String> storedAdminsText();

    /**
     * The first column of the first row a query answers, for engines whose control plane is in SQL
     * tables ({@code ts_cp_tenants.body}, {@code ts_cp_admins.body}).
     *
     * @param connection a connection to the global database, closed by this call
     * @param sql        the query
     * @param parameters its string parameters, in order
     * @return the text, or empty when there is no row
     */
    protected static Optional<String> sqlText(java.sql.Connection connection, String sql, String... parameters) {
        try (java.sql.Connection c = connection; java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return whether this implementation's stores have a keyring (then the SMTP secret test runs) */
    protected boolean keyringNeeded() {
        return true;
    }

    /**
     * Makes {@code store} pick up other instances' writes now where it only does so on its
     * maintenance round (files); a database-sourced store does it on its own within a second.
     *
     * @param store a store opened by {@link #open(boolean, java.time.Clock)}
     */
    protected void pickUpChanges(DataAccessLayer store) {
        if (store instanceof DefaultDataAccessLayer d) {
            d.maintain();
        }
    }

    private DataAccessLayer store(boolean writer) {
        return store(writer, java.time.Clock.systemUTC());
    }

    private DataAccessLayer store(boolean writer, java.time.Clock clock) {
        DataAccessLayer s = open(writer, clock);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(DataAccessLayer::close);
        opened.clear();
    }

    /** @return a slug unique to this test run */
    protected static String slug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aCreatedTenantIsReadBackBySlugAndIdAtVersionOne() {
        ConfigAccess cp = store(true).config();
        String slug = slug("create");
        Tenant t = cp.tenants().create(new NewTenant(slug, "Create Inc", "Create", TenantSettings.DEFAULTS,
                TenantDatabase.none()));
        assertThat(t.version()).isEqualTo(1);
        assertThat(cp.tenants().getBySlug(slug)).contains(t);
        assertThat(cp.tenants().getById(t.id())).contains(t);
        assertThat(cp.tenants().list()).extracting(Tenant::slug).contains(slug);
    }

    @Test
    void aTakenSlugIsAConflict() {
        ConfigAccess cp = store(true).config();
        String slug = slug("taken");
        cp.tenants().create(NewTenant.of(slug, "First"));
        assertThatThrownBy(() -> cp.tenants().create(NewTenant.of(slug, "Second")))
                .isInstanceOf(ConflictException.class);
        assertThat(cp.tenants().getBySlug(slug).orElseThrow().name()).isEqualTo("First");
    }

    @Test
    void aMalformedSlugIsInvalidInputAndNothingIsWritten() {
        ConfigAccess cp = store(true).config();
        int before = cp.tenants().list().size();
        for (String bad : List.of("Bad", "-x", "a/b", "..", "x".repeat(64), "")) {
            assertThatThrownBy(() -> cp.tenants().create(NewTenant.of(bad, "Bad"))).as(bad)
                    .isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> cp.tenants().getBySlug("../etc")).isInstanceOf(InvalidInputException.class);
        assertThat(cp.tenants().list()).hasSize(before);
    }

    @Test
    void aBadNameIsInvalidInputAndNothingIsWritten() {
        ConfigAccess cp = store(true).config();
        String slug = slug("badname");
        assertThatThrownBy(() -> cp.tenants().create(NewTenant.of(slug, "x".repeat(500))))
                .isInstanceOf(InvalidInputException.class);
        assertThat(cp.tenants().getBySlug(slug)).isEmpty();
    }

    @Test
    void aStaleUpdateFromAnotherInstanceIsAVersionConflict() {
        ConfigAccess a = store(true).config();
        ConfigAccess b = store(true).config();
        String slug = slug("stale");
        a.tenants().create(NewTenant.of(slug, "Stale"));
        Tenant seenByA = a.tenants().getBySlug(slug).orElseThrow();
        Tenant seenByB = b.tenants().getBySlug(slug).orElseThrow();
        Tenant stored = a.tenants().update(withName(seenByA, "From A"));
        assertThat(stored.version()).isEqualTo(2);
        assertThatThrownBy(() -> b.tenants().update(withName(seenByB, "From B")))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_CONFLICT));
        assertThat(b.tenants().getBySlug(slug).orElseThrow().name()).isEqualTo("From A");
    }

    @Test
    void settingsUpdatesFromTwoInstancesAreBothKept() {
        ConfigAccess a = store(true).config();
        ConfigAccess b = store(true).config();
        String slug = slug("settings");
        a.tenants().create(NewTenant.of(slug, "Settings"));
        a.tenants().updateSettings(slug, s -> new TenantSettings("de", s.sessionLifetime(), s.refreshTokenLifetime(),
                s.mfaEnabled(), s.security(), s.smtp()));
        Tenant t = b.tenants().updateSettings(slug, s -> new TenantSettings(s.language(), Duration.ofHours(2),
                s.refreshTokenLifetime(), s.mfaEnabled(), s.security(), s.smtp()));
        assertThat(t.version()).isEqualTo(3);
        assertThat(t.settings().language()).isEqualTo("de");
        assertThat(t.settings().sessionLifetime()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aReaderRefusesEveryWriteAndWritesNothing() {
        ConfigAccess writer = store(true).config();
        String slug = slug("reader");
        writer.tenants().create(NewTenant.of(slug, "Reader"));
        ConfigAccess reader = store(false).config();
        assertThat(reader.tenants().getBySlug(slug)).isPresent();
        String other = slug("reader");
        assertThatThrownBy(() -> reader.tenants().create(NewTenant.of(other, "No"))).isInstanceOf(NotLeaderException.class);
        Tenant t = reader.tenants().getBySlug(slug).orElseThrow();
        assertThatThrownBy(() -> reader.tenants().update(withName(t, "No"))).isInstanceOf(NotLeaderException.class);
        assertThatThrownBy(() -> reader.tenants().delete(slug)).isInstanceOf(NotLeaderException.class);
        assertThatThrownBy(() -> reader.scopes(slug).create(new Scope("no", "No", false)))
                .isInstanceOf(NotLeaderException.class);
        assertThatThrownBy(() -> reader.clients(slug).create(publicClient("no")))
                .isInstanceOf(NotLeaderException.class);
        assertThat(writer.tenants().getBySlug(other)).isEmpty();
        assertThat(writer.tenants().getBySlug(slug).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void clientsKeepTheirSecretHashedAndNeverReturnIt() {
        ConfigAccess cp = store(true).config();
        String slug = slug("clients");
        cp.tenants().create(NewTenant.of(slug, "Clients"));
        var clients = cp.clients(slug);
        clients.create(new NewClient("web", "Web", ClientType.CONFIDENTIAL, List.of("https://app.example/cb"),
                List.of("https://app.example"), List.of("openid"), List.of("authorization_code"),
                Secret.of("s3cret-value-123")));
        assertThatThrownBy(() -> clients.create(publicClient("web"))).isInstanceOf(ConflictException.class);
        assertThat(clients.get("web").orElseThrow().hasSecret()).isTrue();
        assertThat(clients.verifySecret("web", "s3cret-value-123")).isTrue();
        assertThat(clients.verifySecret("web", "wrong")).isFalse();
        var updated = clients.update(new io.tenantstore.model.Client("web", "Web 2", ClientType.CONFIDENTIAL,
                List.of("https://app.example/cb2"), List.of(), List.of("openid"), List.of("authorization_code"), true,
                clients.get("web").orElseThrow().createdAt(), clients.get("web").orElseThrow().updatedAt()));
        assertThat(updated.name()).isEqualTo("Web 2");
        assertThat(store(true).config().clients(slug).verifySecret("web", "s3cret-value-123")).isTrue();
        assertThatThrownBy(() -> clients.create(new NewClient("bad id!", "Bad", ClientType.PUBLIC, List.of(),
                List.of(), List.of(), List.of(), null))).isInstanceOf(InvalidInputException.class);
        assertThat(clients.delete("web")).isTrue();
        assertThat(clients.delete("web")).isFalse();
        assertThat(clients.list()).isEmpty();
    }

    @Test
    void scopesStartWithTheSystemScopesWhichCannotBeDeleted() {
        ConfigAccess cp = store(true).config();
        String slug = slug("scopes");
        cp.tenants().create(NewTenant.of(slug, "Scopes"));
        var scopes = cp.scopes(slug);
        assertThat(scopes.list()).extracting(Scope::name).contains("openid");
        scopes.create(new Scope("billing", "Billing", false));
        assertThatThrownBy(() -> scopes.create(new Scope("billing", "Again", false))).isInstanceOf(ConflictException.class);
        assertThat(scopes.update(new Scope("billing", "Invoices", false)).description()).isEqualTo("Invoices");
        scopes.upsert(new Scope("reports", "Reports", false));
        assertThat(scopes.getByName("reports")).isPresent();
        assertThatThrownBy(() -> scopes.delete("openid")).isInstanceOf(InvalidInputException.class);
        assertThat(scopes.delete("billing")).isTrue();
        assertThat(scopes.getByName("billing")).isEmpty();
        assertThat(scopes.getByName("openid")).isPresent();
    }

    @Test
    void aDeletedTenantTakesItsClientsAndScopesWithIt() {
        ConfigAccess cp = store(true).config();
        String slug = slug("deleted");
        Tenant t = cp.tenants().create(NewTenant.of(slug, "Deleted"));
        cp.clients(slug).create(publicClient("spa"));
        assertThat(cp.tenants().delete(slug)).isTrue();
        assertThat(cp.tenants().delete(slug)).isFalse();
        assertThat(cp.tenants().getBySlug(slug)).isEmpty();
        assertThat(cp.tenants().getById(t.id())).isEmpty();
        assertThatThrownBy(() -> cp.clients(slug)).isInstanceOf(TenantNotFoundException.class);
        // a new tenant with the slug starts empty, with a new id
        Tenant again = cp.tenants().create(NewTenant.of(slug, "Again"));
        assertThat(again.id()).isNotEqualTo(t.id());
        assertThat(cp.clients(slug).list()).isEmpty();
    }

    @Test
    void aWriteInOneInstanceIsSeenByForTenantInAnother() {
        DataAccessLayer a = store(true);
        DataAccessLayer b = store(true);
        String slug = slug("seen");
        a.config().tenants().create(new NewTenant(slug, "Seen", "Before", TenantSettings.DEFAULTS, TenantDatabase.none()));
        assertThat(b.forTenant(slug).tenant().displayName()).isEqualTo("Before");
        Tenant t = a.config().tenants().getBySlug(slug).orElseThrow();
        a.config().tenants().update(new Tenant(t.id(), t.slug(), t.name(), "After", t.settings(), t.database(),
                t.version(), t.createdAt(), t.updatedAt()));
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            pickUpChanges(b);
            assertThat(b.forTenant(slug).tenant().displayName()).isEqualTo("After");
        });
    }

    @Test
    void secretsAreStoredEncryptedNeverInClear() {
        if (!keyringNeeded()) {
            return;
        }
        ConfigAccess cp = store(true).config();
        String slug = slug("smtp");
        String password = "smtp-pass-" + UUID.randomUUID();
        TenantSettings settings = new TenantSettings("en", Duration.ofHours(24), Duration.ofDays(30), false,
                TenantSettings.SecuritySettings.DEFAULTS,
                new TenantSettings.SmtpSettings("smtp.example", 587, "mailer", Secret.of(password), "no-reply@example"));
        cp.tenants().create(new NewTenant(slug, "Smtp", "Smtp", settings, TenantDatabase.none()));
        String stored = storedTenantText(slug).orElseThrow();
        assertThat(stored).doesNotContain(password).contains("enc:");
        assertThat(store(true).config().tenants().getBySlug(slug).orElseThrow().settings().smtp().password().reveal())
                .isEqualTo(password);
    }

    @Test
    void administratorsAreKeptWithTheirPasswordHashNeverTheClearPassword() {
        DataAccessLayer store = store(true);
        ConfigAccess cp = store.config();
        String slug = slug("admins");
        cp.tenants().create(NewTenant.of(slug, "Admins"));
        String username = slug("root");
        String password = "admin-pass-" + UUID.randomUUID();
        String hash = store.passwordHasher().hash(password.toCharArray());
        Admin created = cp.admins().create(NewAdmin.withPassword(username, slug, Set.of("owner", "billing"), hash));
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.hasPassword()).isTrue();
        String stored = storedAdminsText().orElseThrow();
        assertThat(stored).contains(username).contains(hash).doesNotContain(password);
        ConfigAccess other = store(true).config();
        assertThat(other.admins().get(username)).contains(created);
        assertThat(other.admins().checkPassword(username, password.toCharArray(), store.passwordHasher())).isTrue();
        assertThat(other.admins().checkPassword(username, "wrong".toCharArray(), store.passwordHasher())).isFalse();
        String external = slug("ext");
        cp.admins().create(NewAdmin.external(external, null, Set.of("viewer"), "google", "sub-" + external));
        assertThat(other.admins().get(external).orElseThrow().isGlobal()).isTrue();
        assertThat(other.admins().checkPassword(external, password.toCharArray(), store.passwordHasher())).isFalse();
        assertThat(other.admins().list()).extracting(Admin::username).contains(username, external);
        assertThat(cp.admins().delete(external)).isTrue();
        assertThat(other.admins().delete(external)).isFalse();
        assertThat(other.admins().get(external)).isEmpty();
    }

    @Test
    void badAdministratorsAreInvalidInputAndNothingIsWritten() {
        ConfigAccess cp = store(true).config();
        String slug = slug("badadmin");
        cp.tenants().create(NewTenant.of(slug, "Bad admins"));
        String name = slug("bad");
        assertThatThrownBy(() -> cp.admins().create(new NewAdmin(name, slug, Set.of("owner"), null, null, null)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> cp.admins().create(NewAdmin.external(name, slug, Set.of("bad role!"), "google", "s")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> cp.admins().create(NewAdmin.external("Upper Case", slug, Set.of("owner"), "google",
                "s"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> cp.admins().create(NewAdmin.external(name, slug("absent"), Set.of("owner"), "google",
                "s"))).isInstanceOf(TenantNotFoundException.class);
        assertThat(cp.admins().get(name)).isEmpty();
        assertThat(cp.admins().listForTenant(slug)).isEmpty();
    }

    @Test
    void anotherTenantsAdministratorsAndBrandingAreUnreachable() {
        ConfigAccess cp = store(true).config();
        String a = slug("tenant-a");
        String b = slug("tenant-b");
        cp.tenants().create(NewTenant.of(a, "A"));
        cp.tenants().create(NewTenant.of(b, "B"));
        String adminA = slug("admin-a");
        String adminB = slug("admin-b");
        cp.admins().create(NewAdmin.external(adminA, a, Set.of("owner"), "google", "sub-" + adminA));
        cp.admins().create(NewAdmin.external(adminB, b, Set.of("owner"), "google", "sub-" + adminB));
        assertThat(cp.admins().listForTenant(a)).extracting(Admin::username).containsExactly(adminA);
        assertThat(cp.admins().listForTenant(b)).extracting(Admin::username).containsExactly(adminB);
        cp.branding().set(a, new TenantBranding("https://a.example/logo.png", "#aa0000", null, "A product", null, null));
        assertThat(cp.branding().get(b)).isEqualTo(TenantBranding.NONE);
        assertThat(store(true).config().branding().get(a).productName()).isEqualTo("A product");
        assertThatThrownBy(() -> cp.branding().get(slug("absent"))).isInstanceOf(TenantNotFoundException.class);
        assertThatThrownBy(() -> cp.branding().set(slug("absent"), TenantBranding.NONE))
                .isInstanceOf(TenantNotFoundException.class);
        assertThatThrownBy(() -> cp.branding().get("../" + a)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void administratorConflictsAcrossTwoInstances() {
        ConfigAccess a = store(true).config();
        ConfigAccess b = store(true).config();
        String username = slug("conflict");
        Admin created = a.admins().create(NewAdmin.external(username, null, Set.of("viewer"), "github", "s-" + username));
        assertThatThrownBy(() -> b.admins().create(NewAdmin.external(username, null, Set.of("owner"), "github", "x")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> b.admins().create(NewAdmin.external(slug("other"), null, Set.of("owner"), "github",
                "s-" + username))).isInstanceOf(ConflictException.class);
        Admin seenByB = b.admins().get(username).orElseThrow();
        Admin updated = a.admins().updateRoles(username, Set.of("editor"), created.version());
        assertThat(updated.version()).isEqualTo(2);
        assertThatThrownBy(() -> b.admins().updateRoles(username, Set.of("owner"), seenByB.version()))
                .isInstanceOf(ConflictException.class);
        assertThat(b.admins().get(username).orElseThrow().roles()).containsExactly("editor");
        assertThat(b.admins().updateRoles(username, Set.of("owner"), 2).version()).isEqualTo(3);
        assertThatThrownBy(() -> a.admins().updateRoles(slug("nobody"), Set.of("owner"), 1))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void brandingIsReplacedWholeAndGoesWithTheTenant() {
        ConfigAccess a = store(true).config();
        ConfigAccess b = store(true).config();
        String slug = slug("branding");
        a.tenants().create(NewTenant.of(slug, "Branding"));
        assertThat(a.branding().get(slug)).isEqualTo(TenantBranding.NONE);
        TenantBranding full = new TenantBranding("https://cdn.example/logo.svg", "#112233", "#fff", "Product",
                "support@example.com", "http://localhost:8080/site.css");
        assertThat(a.branding().set(slug, full)).isEqualTo(full);
        assertThat(b.branding().get(slug)).isEqualTo(full);
        TenantBranding colourOnly = new TenantBranding(null, "#000", null, null, null, null);
        b.branding().set(slug, colourOnly);
        assertThat(a.branding().get(slug)).isEqualTo(colourOnly);
        assertThatThrownBy(() -> new TenantBranding("http://cdn.example/logo.png", null, null, null, null, null))
                .isInstanceOf(InvalidInputException.class);
        a.branding().set(slug, TenantBranding.NONE);
        assertThat(b.branding().get(slug)).isEqualTo(TenantBranding.NONE);
        a.branding().set(slug, full);
        a.tenants().delete(slug);
        a.tenants().create(NewTenant.of(slug, "Again"));
        assertThat(b.branding().get(slug)).isEqualTo(TenantBranding.NONE);
    }

    @Test
    void aReaderRefusesAdministratorAndBrandingWrites() {
        ConfigAccess writer = store(true).config();
        String slug = slug("reader-admin");
        writer.tenants().create(NewTenant.of(slug, "Reader"));
        String username = slug("kept");
        writer.admins().create(NewAdmin.external(username, slug, Set.of("owner"), "google", "sub-" + username));
        ConfigAccess reader = store(false).config();
        assertThat(reader.admins().listForTenant(slug)).extracting(Admin::username).containsExactly(username);
        assertThatThrownBy(() -> reader.admins().create(NewAdmin.external(slug("no"), slug, Set.of("owner"), "google",
                "no"))).isInstanceOf(NotLeaderException.class);
        assertThatThrownBy(() -> reader.admins().updateRoles(username, Set.of("viewer"), 1))
                .isInstanceOf(NotLeaderException.class);
        assertThatThrownBy(() -> reader.admins().delete(username)).isInstanceOf(NotLeaderException.class);
        assertThatThrownBy(() -> reader.branding().set(slug, new TenantBranding(null, "#000", null, null, null, null)))
                .isInstanceOf(NotLeaderException.class);
        assertThat(writer.admins().listForTenant(slug)).hasSize(1);
        assertThat(writer.admins().get(username).orElseThrow().version()).isEqualTo(1);
        assertThat(writer.branding().get(slug)).isEqualTo(TenantBranding.NONE);
    }

    // ---- signing keys ----

    private static final java.util.regex.Pattern JWKS_KID = java.util.regex.Pattern.compile("\"kid\":\"([^\"]+)\"");

    private static Set<String> jwksKids(String jwks) {
        Set<String> out = new java.util.TreeSet<>();
        java.util.regex.Matcher m = JWKS_KID.matcher(jwks);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** A compact JWS signed by the tenant's active key, as an identity server would issue it. */
    private static String jwt(SigningKeyRepository keys, String slug, String payload) {
        java.util.Base64.Encoder url = java.util.Base64.getUrlEncoder().withoutPadding();
        SigningKey active = keys.list(slug).stream().filter(k -> k.state() == SigningKeyState.ACTIVE).findFirst()
                .orElseThrow();
        String header = url.encodeToString(("{\"alg\":\"" + active.algorithm().jwsName() + "\",\"kid\":\""
                + active.kid() + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String input = header + "." + url.encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        SignatureResult sig = keys.sign(slug, input.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(sig.kid()).isEqualTo(active.kid());
        return input + "." + url.encodeToString(sig.signature());
    }

    /** Verifies a compact JWS against the tenant's keys, by the kid in its header. */
    private static boolean verifies(SigningKeyRepository keys, String slug, String jws) {
        String[] parts = jws.split("\\.");
        String header = new String(java.util.Base64.getUrlDecoder().decode(parts[0]),
                java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher kid = JWKS_KID.matcher(header);
        assertThat(kid.find()).isTrue();
        return keys.verify(slug, kid.group(1), (parts[0] + "." + parts[1]).getBytes(
                java.nio.charset.StandardCharsets.US_ASCII), java.util.Base64.getUrlDecoder().decode(parts[2]));
    }

    @Test
    void signingKeysOfEachAlgorithmAreGeneratedSignAndVerifyInEveryInstance() {
        if (!keyringNeeded()) {
            return;
        }
        ConfigAccess cp = store(true).config();
        SigningKeyRepository a = cp.signingKeys();
        SigningKeyRepository b = store(false).config().signingKeys();
        for (SigningKeyAlgorithm alg : SigningKeyAlgorithm.values()) {
            String slug = slug("keys-" + alg.jwsName().toLowerCase(java.util.Locale.ROOT));
            cp.tenants().create(NewTenant.of(slug, "Keys"));
            assertThat(a.list(slug)).isEmpty();
            assertThat(a.jwks(slug)).isEqualTo("{\"keys\":[]}");
            SigningKey first = a.generate(slug, alg);
            assertThat(first.state()).isEqualTo(SigningKeyState.ACTIVE);
            assertThat(first.algorithm()).isEqualTo(alg);
            SigningKey next = a.generate(slug, alg);
            assertThat(next.state()).isEqualTo(SigningKeyState.NEXT);
            // another instance (a reader) sees both keys at once, and verifies what the writer signed
            assertThat(b.list(slug)).extracting(SigningKey::kid).containsExactly(first.kid(), next.kid());
            assertThat(b.get(slug, first.kid())).map(SigningKey::publicKey).contains(first.publicKey());
            String token = jwt(a, slug, "{\"sub\":\"u1\"}");
            assertThat(verifies(b, slug, token)).isTrue();
            assertThat(verifies(b, slug, token.substring(0, token.length() - 4) + "AAAA")).isFalse();
            assertThat(jwksKids(b.jwks(slug))).containsExactly(first.kid());
            assertThat(b.jwks(slug)).contains("\"alg\":\"" + alg.jwsName() + "\"").doesNotContain("\"d\"");
        }
    }

    @Test
    void aTokenSignedBeforeRotationVerifiesDuringTheGracePeriodAndNotAfter() {
        if (!keyringNeeded()) {
            return;
        }
        FakeClock clock = new FakeClock(java.time.Instant.parse("2026-11-21T10:00:00Z"));
        ConfigAccess cp = store(true, clock).config();
        SigningKeyRepository keys = cp.signingKeys();
        SigningKeyRepository other = store(false, clock).config().signingKeys();
        String slug = slug("rotate");
        cp.tenants().create(NewTenant.of(slug, "Rotate"));
        SigningKey first = keys.generate(slug, SigningKeyAlgorithm.ES256);
        String before = jwt(keys, slug, "{\"sub\":\"before\"}");
        assertThat(verifies(other, slug, before)).isTrue();

        SigningKey second = keys.rotate(slug, SigningKeyAlgorithm.EDDSA, Duration.ofHours(1));
        assertThat(second.kid()).isNotEqualTo(first.kid());
        assertThat(second.state()).isEqualTo(SigningKeyState.ACTIVE);
        assertThat(other.list(slug)).extracting(SigningKey::state)
                .containsExactly(SigningKeyState.RETIRING, SigningKeyState.ACTIVE);
        clock.advance(Duration.ofMinutes(59));
        assertThat(verifies(other, slug, before)).isTrue();
        assertThat(jwksKids(other.jwks(slug))).containsExactlyInAnyOrder(first.kid(), second.kid());
        String after = jwt(keys, slug, "{\"sub\":\"after\"}");
        assertThat(verifies(other, slug, after)).isTrue();

        clock.advance(Duration.ofMinutes(1));
        assertThat(verifies(other, slug, before)).isFalse();
        assertThat(verifies(keys, slug, before)).isFalse();
        assertThat(verifies(other, slug, after)).isTrue();
        assertThat(other.list(slug)).extracting(SigningKey::state)
                .containsExactly(SigningKeyState.RETIRED, SigningKeyState.ACTIVE);
        assertThat(jwksKids(other.jwks(slug))).containsExactly(second.kid());
        assertThat(other.verificationKeys(slug)).extracting(SigningKey::kid).containsExactly(second.kid());

        // the next write drops the retired key's private part for good
        keys.rotate(slug, SigningKeyAlgorithm.RS256, Duration.ZERO);
        assertThat(jwksKids(other.jwks(slug))).hasSize(1).doesNotContain(first.kid(), second.kid());
        assertThat(privateKeysIn(storedSigningKeysText(slug).orElseThrow())).hasSize(1);
    }

    @Test
    void anotherTenantsSigningKeysAreUnreachable() {
        if (!keyringNeeded()) {
            return;
        }
        ConfigAccess cp = store(true).config();
        SigningKeyRepository keys = cp.signingKeys();
        String a = slug("keys-a");
        String b = slug("keys-b");
        cp.tenants().create(NewTenant.of(a, "A"));
        cp.tenants().create(NewTenant.of(b, "B"));
        SigningKey ka = keys.generate(a, SigningKeyAlgorithm.EDDSA);
        String token = jwt(keys, a, "{}");
        byte[] data = "data".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] sigA = keys.sign(a, data).signature();
        assertThat(keys.get(b, ka.kid())).isEmpty();
        assertThat(keys.list(b)).isEmpty();
        assertThat(keys.verify(b, ka.kid(), data, sigA)).isFalse();
        assertThat(verifies(keys, b, token)).isFalse();
        assertThat(keys.jwks(b)).doesNotContain(ka.kid());
        assertThatThrownBy(() -> keys.sign(b, data)).isInstanceOf(NotFoundException.class);
        SigningKey kb = keys.generate(b, SigningKeyAlgorithm.EDDSA);
        assertThat(keys.verify(b, kb.kid(), data, sigA)).isFalse();
        assertThat(storedSigningKeysText(b).orElseThrow()).doesNotContain(ka.kid());
        // a deleted tenant takes its keys with it: the same slug created again has none
        cp.tenants().delete(a);
        assertThatThrownBy(() -> keys.list(a)).isInstanceOf(TenantNotFoundException.class);
        cp.tenants().create(NewTenant.of(a, "A again"));
        assertThat(keys.list(a)).isEmpty();
        assertThat(keys.verify(a, ka.kid(), data, sigA)).isFalse();
    }

    private static final java.util.regex.Pattern PRIVATE = java.util.regex.Pattern.compile(
            "private: (\\S+?)(?:\\\\n|\\s|\"|$)");

    private static List<String> privateKeysIn(String stored) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = PRIVATE.matcher(stored);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void privateSigningKeysAreStoredOnlyEncryptedUnderTheKeyring() {
        if (!keyringNeeded()) {
            return;
        }
        ConfigAccess cp = store(true).config();
        String slug = slug("keys-enc");
        cp.tenants().create(NewTenant.of(slug, "Encrypted"));
        List<SigningKey> made = new ArrayList<>();
        for (SigningKeyAlgorithm alg : SigningKeyAlgorithm.values()) {
            made.add(cp.signingKeys().generate(slug, alg));
        }
        String stored = storedSigningKeysText(slug).orElseThrow();
        List<String> privates = privateKeysIn(stored);
        assertThat(privates).hasSize(made.size()).allSatisfy(p -> assertThat(p).startsWith("enc:"));
        for (SigningKey k : made) {
            String enc = privates.stream().filter(p -> {
                try {
                    keyring().decrypt(slug, "signingKeys." + k.kid() + ".privateKey", p);
                    return true;
                } catch (io.tenantstore.SecretException e) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new AssertionError("no stored private key of " + k.kid()
                    + " decrypts for it"));
            String pkcs8 = keyring().decrypt(slug, "signingKeys." + k.kid() + ".privateKey", enc).reveal();
            java.security.spec.PKCS8EncodedKeySpec spec = new java.security.spec.PKCS8EncodedKeySpec(
                    java.util.Base64.getDecoder().decode(pkcs8));
            assertThat(spec.getEncoded()).isNotEmpty();
            // neither the key in base64 nor any stretch of it, nor its hex form, is stored
            assertThat(stored).doesNotContain(pkcs8).doesNotContain(pkcs8.substring(pkcs8.length() - 40));
            String hex = java.util.HexFormat.of().formatHex(spec.getEncoded());
            assertThat(stored.toLowerCase(java.util.Locale.ROOT)).doesNotContain(hex.substring(hex.length() - 64));
            assertThat(k.toString()).doesNotContain(pkcs8.substring(pkcs8.length() - 40));
        }
        assertThat(stored).doesNotContain("PRIVATE KEY");
    }

    @Test
    void twoConcurrentRotationsLeaveExactlyOneActiveKeyAndLoseNone() throws Exception {
        if (!keyringNeeded()) {
            return;
        }
        String slug = slug("race");
        ConfigAccess cp = store(true).config();
        cp.tenants().create(NewTenant.of(slug, "Race"));
        SigningKeyRepository a = cp.signingKeys();
        SigningKeyRepository b = store(true).config().signingKeys();
        a.generate(slug, SigningKeyAlgorithm.EDDSA);
        int rounds = 4;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
            for (SigningKeyRepository keys : List.of(a, b)) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> kids = new ArrayList<>();
                    for (int i = 0; i < rounds; i++) {
                        kids.add(keys.rotate(slug, SigningKeyAlgorithm.EDDSA, Duration.ofHours(1)).kid());
                    }
                    return kids;
                }));
            }
            start.countDown();
            Set<String> rotatedTo = new java.util.HashSet<>();
            for (var r : results) {
                rotatedTo.addAll(r.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            List<SigningKey> all = store(false).config().signingKeys().list(slug);
            // every rotation made its own key and none was lost: the first key plus 2 x rounds
            assertThat(rotatedTo).hasSize(2 * rounds);
            assertThat(all).hasSize(1 + 2 * rounds);
            assertThat(all).filteredOn(k -> k.state() == SigningKeyState.ACTIVE).hasSize(1);
            assertThat(all).filteredOn(k -> k.state() == SigningKeyState.RETIRING).hasSize(2 * rounds);
            assertThat(all).extracting(SigningKey::kid).containsAll(rotatedTo);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badSigningKeyInputIsInvalidAndNothingIsWritten() {
        ConfigAccess cp = store(true).config();
        SigningKeyRepository keys = cp.signingKeys();
        String slug = slug("keys-bad");
        cp.tenants().create(NewTenant.of(slug, "Bad keys"));
        assertThatThrownBy(() -> SigningKeyAlgorithm.parse("HS256")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("HS256");
        if (keyringNeeded()) {
            keys.generate(slug, SigningKeyAlgorithm.ES256);
        }
        Optional<String> before = storedSigningKeysText(slug);
        List<SigningKey> listed = keys.list(slug);
        byte[] data = {1, 2, 3};
        assertThatThrownBy(() -> keys.rotate(slug, SigningKeyAlgorithm.ES256, Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> keys.get(slug, "not a kid!")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> keys.verify(slug, "../" + slug, data, data)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> keys.verify(slug, "x".repeat(65), data, data)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> keys.generate("Not A Slug", SigningKeyAlgorithm.ES256))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> keys.generate(slug("absent"), SigningKeyAlgorithm.ES256))
                .isInstanceOf(keyringNeeded() ? TenantNotFoundException.class : io.tenantstore.SecretException.class);
        assertThat(keys.get(slug, "unknownKid")).isEmpty();
        assertThat(keys.verify(slug, "unknownKid", data, data)).isFalse();
        // a reader may read and verify, but not write
        SigningKeyRepository reader = store(false).config().signingKeys();
        assertThat(reader.list(slug)).isEqualTo(listed);
        assertThatThrownBy(() -> reader.rotate(slug, SigningKeyAlgorithm.ES256, Duration.ofHours(1)))
                .isInstanceOf(keyringNeeded() ? NotLeaderException.class : io.tenantstore.SecretException.class);
        assertThatThrownBy(() -> reader.generate(slug, SigningKeyAlgorithm.ES256))
                .isInstanceOf(keyringNeeded() ? NotLeaderException.class : io.tenantstore.SecretException.class);
        assertThat(storedSigningKeysText(slug)).isEqualTo(before);
        assertThat(keys.list(slug)).isEqualTo(listed);
    }

    private static Tenant withName(Tenant t, String name) {
        return new Tenant(t.id(), t.slug(), name, t.displayName(), t.settings(), t.database(), t.version(),
                t.createdAt(), t.updatedAt());
    }

    private static NewClient publicClient(String id) {
        return new NewClient(id, "Client " + id, ClientType.PUBLIC, List.of("https://app.example/cb"), List.of(),
                List.of("openid"), List.of("authorization_code"), null);
    }
}

package io.tenantstore.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.ConflictException;
import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.PoolSettings;
import io.tenantstore.Secret;
import io.tenantstore.SecretException;
import io.tenantstore.StoreException;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.core.yaml.YamlLoader;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.model.TenantSettings.SecuritySettings;
import io.tenantstore.model.TenantSettings.SmtpSettings;
import io.tenantstore.repository.TenantRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FsTenantRepositoryTest {
    @TempDir
    Path tmp;

    private Path root;
    private FakeClock clock;
    private FsControlPlane plane;
    private TenantRepository tenants;

    @BeforeEach
    void open() {
        root = tmp.resolve("data");
        clock = new FakeClock(Fixtures.T0);
        plane = Fixtures.writer(root, clock);
        tenants = plane.tenants();
    }

    private Path tenantFile(String slug) {
        return root.resolve("tenants").resolve(slug).resolve("tenant.yaml");
    }

    // ---- slugs ----

    static Stream<String> badSlugs() {
        return Stream.of("..", ".", "a/b", "a\\b", "A", "Acme", "", "a".repeat(64), "a".repeat(200), "-acme", "acme-",
                "-", "a_b", "a.b", "ácme", "\u0430cme", "%2e%2e", "a%2fb", "a b", " acme", "acme ", "a\tb", "a\nb",
                "acme\n", "a\u0000b", "~root", "-rf", "con:", "con", "nul", "lpt1", "../etc", "/etc", "a:b", "a*",
                "acme\u202E", "\uFEFFacme", "ａcme", "a..b", "tenants/../x", ".hidden", "null\u0000");
    }

    @ParameterizedTest
    @MethodSource("badSlugs")
    void badSlugIsRejectedBeforeAnyFileIsTouched(String slug) {
        Map<String, String> before = Fixtures.snapshot(tmp);
        assertThat(before).containsOnlyKeys("", "data", "data/tenants");

        assertThatThrownBy(() -> tenants.create(NewTenant.of(slug, "X"))).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("invalid tenant slug '");
        assertThatThrownBy(() -> tenants.getBySlug(slug)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> tenants.delete(slug)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> tenants.updateSettings(slug, s -> s)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> plane.clients(slug)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> plane.scopes(slug)).isInstanceOf(InvalidInputException.class);

        assertThat(Fixtures.snapshot(tmp)).isEqualTo(before);
        assertThat(root.resolve(".lock")).doesNotExist();
    }

    @Test
    void badSlugIsQuotedWithControlCharactersEscaped() {
        assertThatThrownBy(() -> tenants.getBySlug("a\nb\u0000\u202E"))
                .hasMessageStartingWith("invalid tenant slug 'a\\nb\\u0000\\u202E'");
    }

    @Test
    void longestValidSlugWorks() {
        String slug = "a" + "-b".repeat(30) + "-c";
        assertThat(slug).hasSize(63);
        assertThat(tenants.create(NewTenant.of(slug, "Long")).slug()).isEqualTo(slug);
        assertThat(tenants.getBySlug(slug)).isPresent();
    }

    // ---- create / read ----

    @Test
    void createWritesTheThreeFilesAndReadsBack() throws IOException {
        Tenant t = tenants.create(NewTenant.of("acme", "Acme Inc"));
        assertThat(t.version()).isEqualTo(1);
        assertThat(t.createdAt()).isEqualTo(Fixtures.T0);
        assertThat(t.updatedAt()).isEqualTo(Fixtures.T0);
        assertThat(t.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(t.database()).isEqualTo(TenantDatabase.useDefault());
        Path dir = root.resolve("tenants/acme");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("tenant.yaml", "clients.yaml", "scopes.yaml");
        }
        assertThat(Files.readString(dir.resolve("clients.yaml"))).isEqualTo("clients: []\n");
        assertThat(plane.scopes("acme").list()).extracting(s -> s.name() + ":" + s.system())
                .containsExactly("email:true", "offline_access:true", "openid:true", "profile:true");
        assertThat(tenants.getBySlug("acme")).contains(t);
        assertThat(tenants.getById(t.id())).contains(t);
        assertThat(tenants.list()).containsExactly(t);
        assertThat(Files.readString(tenantFile("acme"))).doesNotContain("database");
    }

    @Test
    void duplicateSlugIsAConflict() {
        tenants.create(NewTenant.of("acme", "Acme"));
        assertThatThrownBy(() -> tenants.create(NewTenant.of("acme", "Other")))
                .isInstanceOf(ConflictException.class)
                .hasMessage("tenant 'acme' already exists")
                .satisfies(e -> assertThat(((ConflictException) e).code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(tenants.getBySlug("acme").orElseThrow().name()).isEqualTo("Acme");
    }

    @Test
    void listIsBySlugAndIgnoresOtherEntries() throws IOException {
        tenants.create(NewTenant.of("zeta", "Z"));
        tenants.create(NewTenant.of("alpha", "A"));
        Files.createDirectories(root.resolve("tenants/Not_A_Slug"));
        Files.createDirectories(root.resolve("tenants/empty-dir"));
        Files.writeString(root.resolve("tenants/stray.txt"), "x");
        assertThat(tenants.list()).extracting(Tenant::slug).containsExactly("alpha", "zeta");
    }

    @Test
    void missingTenantIsEmptyOrNotFound() {
        assertThat(tenants.getBySlug("nope")).isEmpty();
        assertThat(tenants.getById("0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f")).isEmpty();
        assertThat(tenants.getById("not-a-uuid")).isEmpty();
        assertThatThrownBy(() -> plane.clients("nope")).isInstanceOf(TenantNotFoundException.class);
        assertThatThrownBy(() -> plane.scopes("nope")).isInstanceOf(TenantNotFoundException.class);
        assertThatThrownBy(() -> tenants.updateSettings("nope", s -> s)).isInstanceOf(TenantNotFoundException.class);
        assertThat(tenants.delete("nope")).isFalse();
    }

    // ---- bad input ----

    @Test
    void aBadSchemaNameIsRefusedBeforeAnyTenantYamlIsWritten() {
        assertThatThrownBy(() -> tenants.create(new NewTenant("acme", "Acme", "Acme", TenantSettings.DEFAULTS,
                TenantDatabase.own(DbConfig.builder("postgres", "jdbc:postgresql://db/app").isolation(Isolation.SCHEMA)
                        .schema("acme\"; drop schema public cascade; --").build()))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("invalid schema name");
        assertThatThrownBy(() -> DbConfig.builder("postgres", "jdbc:postgresql://db/app").schema("pg_catalog"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("reserved");
        assertThat(tenantFile("acme")).doesNotExist();
        assertThat(tenants.list()).isEmpty();
    }

    // ---- round trip ----

    @Test
    void roundTripsAllSettingsAndAnOwnDatabaseWithEnvPassword() throws IOException {
        TenantSettings settings = new TenantSettings("pt-BR", Duration.ofHours(8), Duration.ofDays(14), true,
                new SecuritySettings(16, true),
                new SmtpSettings("smtp.acme.io", 465, "mailer", Secret.referenced("smtp-pass-value-2", "${SMTP_PASS}"),
                        "no-reply@acme.io"));
        DbConfig db = DbConfig.builder("postgres", "jdbc:postgresql://db-7.internal:5432/acme")
                .isolation(Isolation.SCHEMA).schema("acme").username("acme_app")
                .password(Secret.referenced("db-pass-value-1", "${DB_PASS}"))
                .pool(new PoolSettings(4, 1, Duration.ofSeconds(2)))
                .property("sslmode", "require")
                .build();
        Tenant created = tenants.create(new NewTenant("acme", "Acme Inc", "Acme", settings, TenantDatabase.own(db)));

        FsControlPlane other = Fixtures.writer(root, clock);
        Tenant read = other.tenants().getBySlug("acme").orElseThrow();
        assertThat(read).isEqualTo(created);
        assertThat(read.settings()).isEqualTo(settings);
        DbConfig readDb = ((TenantDatabase.Own) read.database()).config();
        assertThat(readDb.password().orElseThrow().reveal()).isEqualTo("db-pass-value-1");
        assertThat(readDb.password().orElseThrow().reference()).contains("${DB_PASS}");

        String text = Files.readString(tenantFile("acme"));
        assertThat(text).contains("${DB_PASS}", "${SMTP_PASS}", "sessionLifetime: 8h", "refreshTokenLifetime: 14d",
                "isolation: schema").doesNotContain("db-pass-value-1", "smtp-pass-value-2");
        // and the update path writes the references back too
        Tenant updated = other.tenants().update(read.withDisplayName("ACME"));
        assertThat(tenants.getBySlug("acme")).contains(updated);
        assertThat(Files.readString(tenantFile("acme"))).doesNotContain("db-pass-value-1", "smtp-pass-value-2");
    }

    @Test
    void databaseNoneRoundTrips() throws IOException {
        Tenant t = tenants.create(new NewTenant("acme", "Acme", "Acme", TenantSettings.DEFAULTS, TenantDatabase.none()));
        assertThat(Files.readString(tenantFile("acme"))).contains("database: none");
        assertThat(tenants.getBySlug("acme").orElseThrow().database()).isEqualTo(TenantDatabase.none());
        assertThat(t.database()).isEqualTo(TenantDatabase.none());
    }

    @Test
    void readsTheDesignExampleWrittenByHand() throws IOException {
        Path dir = Files.createDirectories(root.resolve("tenants/acme"));
        Files.writeString(dir.resolve("tenant.yaml"), """
                id: 0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f
                name: Acme Inc
                displayName: Acme
                version: 3                        # bumped by every write
                createdAt: 2026-11-21T10:00:00Z
                updatedAt: 2026-11-21T10:05:00Z
                settings:
                  language: en
                  sessionLifetime: 24h
                  refreshTokenLifetime: 30d
                  mfaEnabled: true
                  security: { passwordMinLength: 12, mfaRequired: false }
                  smtp: { host: smtp.acme.io, port: 587, username: mailer, password: "${SMTP_PASS}", from: no-reply@acme.io }
                database:
                  driver: postgres
                  url: jdbc:postgresql://db-7.internal:5432/acme
                  isolation: database
                  schema: acme
                """);
        Tenant t = tenants.getBySlug("acme").orElseThrow();
        assertThat(t.version()).isEqualTo(3);
        assertThat(t.settings().mfaEnabled()).isTrue();
        assertThat(t.settings().smtp().password().reveal()).isEqualTo("smtp-pass-value-2");
        assertThat(((TenantDatabase.Own) t.database()).config().isolation()).isEqualTo(Isolation.DATABASE);
        // a hand-made tenant without clients.yaml and scopes.yaml has none of them
        assertThat(plane.clients("acme").list()).isEmpty();
        assertThat(plane.scopes("acme").list()).isEmpty();
        assertThat(tenants.getById("0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f")).contains(t);
    }

    @Test
    void aPasswordWithoutReferenceIsRefusedAndNothingIsWritten() {
        DbConfig db = DbConfig.builder("postgres", "jdbc:postgresql://h/db").password(Secret.of("clear-pw")).build();
        assertThatThrownBy(() -> tenants.create(new NewTenant("acme", "Acme", "Acme", TenantSettings.DEFAULTS,
                TenantDatabase.own(db))))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("database.password can only be written as a ${ENV_VAR} reference")
                .hasMessageNotContaining("clear-pw");
        assertThat(Fixtures.snapshot(root.resolve("tenants"))).containsOnlyKeys("");
    }

    @Test
    void invalidFieldsAreRejectedBeforeWriting() {
        assertThatThrownBy(() -> tenants.create(NewTenant.of("acme", " ")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("tenant name must be");
        TenantSettings badLanguage = new TenantSettings("english!", Duration.ofHours(1), Duration.ofDays(1), false,
                SecuritySettings.DEFAULTS, null);
        assertThatThrownBy(() -> tenants.create(new NewTenant("acme", "A", "A", badLanguage, TenantDatabase.useDefault())))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("language must be a BCP 47 tag");
        assertThat(Fixtures.snapshot(root.resolve("tenants"))).containsOnlyKeys("");
    }

    // ---- update ----

    @Test
    void updateBumpsVersionAndUpdatedAt() {
        Tenant t = tenants.create(NewTenant.of("acme", "Acme"));
        clock.advance(Duration.ofMinutes(5));
        Tenant u = tenants.update(t.withName("Acme Corp").withDisplayName("ACME"));
        assertThat(u.version()).isEqualTo(2);
        assertThat(u.updatedAt()).isEqualTo(Fixtures.T0.plus(Duration.ofMinutes(5)));
        assertThat(u.createdAt()).isEqualTo(Fixtures.T0);
        assertThat(u.name()).isEqualTo("Acme Corp");
        assertThat(tenants.getBySlug("acme")).contains(u);
    }

    @Test
    void staleUpdateIsAVersionConflictAndTheWinnerStays() throws IOException {
        Tenant t = tenants.create(NewTenant.of("acme", "Acme"));
        Tenant winner = tenants.update(t.withDisplayName("Winner"));
        String winnerFile = Files.readString(tenantFile("acme"));
        assertThatThrownBy(() -> tenants.update(t.withDisplayName("Loser")))
                .isInstanceOf(ConflictException.class)
                .hasMessage("tenant 'acme' was changed by another writer: expected version 1, found 2")
                .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(ErrorCode.VERSION_CONFLICT));
        assertThat(Files.readString(tenantFile("acme"))).isEqualTo(winnerFile);
        assertThat(tenants.getBySlug("acme")).contains(winner);
    }

    @Test
    void updateCannotChangeTheId() {
        Tenant t = tenants.create(NewTenant.of("acme", "Acme"));
        Tenant forged = new Tenant("0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f", "acme", "A", "A", t.settings(),
                t.database(), t.version(), t.createdAt(), t.updatedAt());
        assertThatThrownBy(() -> tenants.update(forged)).isInstanceOf(InvalidInputException.class);
        assertThat(tenants.getBySlug("acme")).contains(t);
    }

    @Test
    void updateOfAMissingTenantIsNotFound() {
        Tenant t = tenants.create(NewTenant.of("acme", "Acme"));
        tenants.delete("acme");
        assertThatThrownBy(() -> tenants.update(t)).isInstanceOf(TenantNotFoundException.class);
    }

    @Test
    void updateSettingsIsReadModifyWrite() {
        Tenant t = tenants.create(NewTenant.of("acme", "Acme"));
        Tenant other = tenants.update(t.withDisplayName("Other writer"));
        Tenant u = tenants.updateSettings("acme", s -> new TenantSettings("de", s.sessionLifetime(),
                s.refreshTokenLifetime(), true, s.security(), s.smtp()));
        assertThat(u.version()).isEqualTo(3);
        assertThat(u.displayName()).isEqualTo("Other writer");
        assertThat(u.settings().language()).isEqualTo("de");
        assertThat(u.settings().mfaEnabled()).isTrue();
        assertThat(tenants.getBySlug("acme")).contains(u);
        assertThat(other.version()).isEqualTo(2);
        assertThatThrownBy(() -> tenants.updateSettings("acme", s -> null)).isInstanceOf(InvalidInputException.class);
    }

    // ---- delete ----

    @Test
    void deleteRemovesTheDirectoryAndItsClientsAndScopes() {
        Tenant t = tenants.create(NewTenant.of("acme", "Acme"));
        assertThat(tenants.delete("acme")).isTrue();
        assertThat(root.resolve("tenants/acme")).doesNotExist();
        assertThat(Fixtures.snapshot(root.resolve("tenants"))).containsOnlyKeys("");
        assertThat(tenants.getBySlug("acme")).isEmpty();
        assertThat(tenants.getById(t.id())).isEmpty();
        assertThat(tenants.delete("acme")).isFalse();
        // the slug can be used again, with a new id
        Tenant again = tenants.create(NewTenant.of("acme", "Acme again"));
        assertThat(again.id()).isNotEqualTo(t.id());
        assertThat(tenants.getById(again.id())).contains(again);
        assertThat(tenants.getById(t.id())).isEmpty();
    }

    @Test
    void deletingATenantRemovesItsAdministratorsSoANewTenantOfTheSlugHasNone() {
        tenants.create(NewTenant.of("acme", "Acme"));
        tenants.create(NewTenant.of("globex", "Globex"));
        var admins = plane.admins();
        admins.create(io.tenantstore.model.NewAdmin.external("ana@acme.io", "acme", java.util.Set.of("editor"), "google",
                "sub-1"));
        admins.create(io.tenantstore.model.NewAdmin.external("gus@globex.io", "globex", java.util.Set.of("editor"),
                "google", "sub-2"));
        admins.create(io.tenantstore.model.NewAdmin.external("root@ops.io", null, java.util.Set.of("owner"), "google",
                "sub-3"));

        assertThat(tenants.delete("acme")).isTrue();
        assertThat(admins.list()).extracting(io.tenantstore.model.Admin::username)
                .containsExactlyInAnyOrder("gus@globex.io", "root@ops.io");
        tenants.create(NewTenant.of("acme", "Acme again"));
        assertThat(admins.listForTenant("acme")).isEmpty();
    }

    @Test
    void deleteKeepsTheFilesThatAreNotTheControlPlanesAsideAndANewTenantOfTheSlugStartsFromNothing()
            throws IOException {
        Tenant t = tenants.create(NewTenant.of("acme", "Acme"));
        Path dir = root.resolve("tenants/acme");
        // the embedded default keeps each tenant's SQLite file in its directory
        Files.writeString(dir.resolve("data.db"), "the tenant's rows");
        Files.writeString(dir.resolve("data.db-wal"), "more rows");
        Files.writeString(dir.resolve(KeysYaml.FILE), "keys: []\n");
        Files.writeString(dir.resolve(BrandingFiles.FILE), "productName: Acme\n");

        assertThat(tenants.delete("acme")).isTrue();
        assertThat(dir).as("the slug's directory").doesNotExist();
        Path kept;
        try (Stream<Path> entries = Files.list(root.resolve("tenants"))) {
            kept = entries.filter(p -> p.getFileName().toString().startsWith(".kept-acme-")).findFirst().orElseThrow();
        }
        try (Stream<Path> left = Files.list(kept)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("data.db", "data.db-wal");
        }
        assertThat(Files.readString(kept.resolve("data.db"))).isEqualTo("the tenant's rows");
        assertThat(tenants.list()).isEmpty();
        assertThat(tenants.unreadable()).isEmpty();
        assertThat(tenants.getById(t.id())).isEmpty();
        assertThat(tenants.delete("acme")).isFalse();

        Tenant again = tenants.create(NewTenant.of("acme", "Acme again"));
        assertThat(again.id()).isNotEqualTo(t.id());
        try (Stream<Path> fresh = Files.list(dir)) {
            assertThat(fresh.map(p -> p.getFileName().toString())).doesNotContain("data.db", KeysYaml.FILE,
                    BrandingFiles.FILE);
        }
        // a later create or delete cleans up strays, never the kept data
        tenants.create(NewTenant.of("globex", "Globex"));
        assertThat(kept.resolve("data.db")).isRegularFile();
    }

    @Test
    void aDirectoryWithoutTenantYamlIsSetAsideWhenItsSlugIsCreated() throws IOException {
        Path dir = root.resolve("tenants/acme");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("data.db"), "someone's rows");
        Files.writeString(dir.resolve(KeysYaml.FILE), "keys: []\n");
        tenants.create(NewTenant.of("acme", "Acme"));
        assertThat(dir.resolve("data.db")).doesNotExist();
        assertThat(dir.resolve(KeysYaml.FILE)).doesNotExist();
        try (Stream<Path> entries = Files.list(root.resolve("tenants"))) {
            assertThat(entries.filter(p -> p.getFileName().toString().startsWith(".kept-acme-"))
                    .map(p -> p.resolve("data.db"))).singleElement().satisfies(p -> assertThat(p).isRegularFile());
        }
    }

    @Test
    void strayDirectoriesFromAnInterruptedCreateOrDeleteAreIgnoredThenRemoved() throws IOException {
        Files.createDirectories(root.resolve("tenants/.new-acme-0123456789abcdef"));
        Files.writeString(root.resolve("tenants/.new-acme-0123456789abcdef/tenant.yaml"), "half");
        Files.createDirectories(root.resolve("tenants/.deleted-old-0123456789abcdef"));
        assertThat(tenants.list()).isEmpty();
        tenants.create(NewTenant.of("acme", "Acme"));
        try (Stream<Path> entries = Files.list(root.resolve("tenants"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("acme");
        }
    }

    // ---- id index ----

    @Test
    void getByIdSeesTenantsCreatedByAnotherInstance() {
        Tenant a = tenants.create(NewTenant.of("alpha", "A"));
        assertThat(tenants.getById(a.id())).contains(a);
        FsControlPlane other = Fixtures.writer(root, clock);
        Tenant b = other.tenants().create(NewTenant.of("beta", "B"));
        assertThat(tenants.getById(b.id())).contains(b);
        other.tenants().delete("alpha");
        Tenant a2 = other.tenants().create(NewTenant.of("alpha", "A2"));
        assertThat(tenants.getById(a.id())).isEmpty();
        assertThat(tenants.getById(a2.id())).contains(a2);
    }

    // ---- malformed files ----

    @Test
    void syntaxErrorNamesFileAndLine() throws IOException {
        tenants.create(NewTenant.of("acme", "Acme"));
        Files.writeString(tenantFile("acme"), """
                id: 0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f
                name: Acme
                version: 1
                createdAt: 2026-11-21T10:00:00Z
                updatedAt: 2026-11-21T10:00:00Z
                settings:
                  language: [en
                """);
        assertThatThrownBy(() -> tenants.getBySlug("acme"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("tenants/acme/tenant.yaml:8:");
        // listing skips the broken tenant (and says so) rather than failing for every tenant
        assertThat(tenants.list()).isEmpty();
        assertThat(plane.health().detail()).contains("acme: tenants/acme/tenant.yaml:8:");
    }

    @Test
    void unreadableNamesTheTenantsTheListingLeftOutUntilRepairedOrRemoved() throws IOException {
        tenants.create(NewTenant.of("acme", "Acme"));
        tenants.create(NewTenant.of("globex", "Globex"));
        tenants.create(NewTenant.of("initech", "Initech"));
        String good = Files.readString(tenantFile("globex"));
        Files.writeString(tenantFile("globex"), good + "  broken: [unclosed\n");
        Files.writeString(tenantFile("initech"), "name: [\n");

        assertThat(tenants.list()).extracting(Tenant::slug).containsExactly("acme");
        assertThat(tenants.unreadable()).containsOnlyKeys("globex", "initech");
        assertThat(tenants.unreadable().get("globex")).startsWith("tenants/globex/tenant.yaml:");
        assertThat(tenants.unreadable().get("initech")).startsWith("tenants/initech/tenant.yaml:2:");
        assertThat(tenants.unreadable().firstKey()).isEqualTo("globex");

        Files.writeString(tenantFile("globex"), good);
        deleteTree(root.resolve("tenants").resolve("initech"));
        assertThat(tenants.list()).extracting(Tenant::slug).containsExactly("acme", "globex");
        assertThat(tenants.unreadable()).as("repaired, and removed").isEmpty();
        assertThat(plane.health().healthy()).isTrue();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void oversizedFileIsRejectedNamingFileAndLine() throws IOException {
        tenants.create(NewTenant.of("acme", "Acme"));
        String valid = Files.readString(tenantFile("acme"));
        Files.writeString(tenantFile("acme"), valid + ("# padding " + "x".repeat(100) + "\n")
                .repeat(YamlLoader.DEFAULT_MAX_CODE_POINTS / 100));
        assertThatThrownBy(() -> tenants.getBySlug("acme"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageMatching("tenants/acme/tenant\\.yaml:\\d+: document exceeds the limit of 1048576 characters");
    }

    @Test
    void aliasBombIsRejectedNamingFileAndLine() throws IOException {
        tenants.create(NewTenant.of("acme", "Acme"));
        Files.writeString(tenantFile("acme"), """
                id: 0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f
                a: &a [x,x,x,x,x,x,x,x,x,x]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
                """);
        assertThatThrownBy(() -> tenants.getBySlug("acme"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("tenants/acme/tenant.yaml:5: more than 20 aliases");
    }

    @Test
    void unknownKeyIsRejectedNamingIt() throws IOException {
        tenants.create(NewTenant.of("acme", "Acme"));
        String text = Files.readString(tenantFile("acme")).replace("sessionLifetime:", "sesionLifetime:");
        Files.writeString(tenantFile("acme"), text);
        int line = lineOf(text, "sesionLifetime");
        assertThatThrownBy(() -> tenants.getBySlug("acme"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("tenants/acme/tenant.yaml:" + line + ": unknown key 'settings.sesionLifetime'");
    }

    @Test
    void aNewTenantNeverInheritsAdministratorsBoundToItsSlug() throws IOException {
        // admins.yaml naming a slug with no tenant (a copy that kept it, a hand edit)
        Files.writeString(root.resolve(AdminsYaml.FILE), AdminsYaml.render(List.of(new AdminsYaml.Stored(
                new io.tenantstore.model.Admin("00000000-0000-0000-0000-00000000a001", "bob", "acme",
                        java.util.Set.of("admin"), true, null, null, 1, Fixtures.T0, Fixtures.T0), "h$bob"))));
        assertThat(plane.admins().list()).hasSize(1);
        tenants.create(NewTenant.of("acme", "Acme"));
        assertThat(plane.admins().listForTenant("acme")).isEmpty();
    }

    @Test
    void badValuesNameFileLineAndKey() throws IOException {
        tenants.create(NewTenant.of("acme", "Acme"));
        String valid = Files.readString(tenantFile("acme"));
        Files.writeString(tenantFile("acme"), valid.replace("passwordMinLength: 12", "passwordMinLength: twelve"));
        assertThatThrownBy(() -> tenants.getBySlug("acme"))
                .hasMessage("tenants/acme/tenant.yaml:" + lineOf(valid, "passwordMinLength")
                        + ": settings.security.passwordMinLength: expected an integer, found 'twelve'");
        Files.writeString(tenantFile("acme"), valid + "database: elsewhere\n");
        assertThatThrownBy(() -> tenants.getBySlug("acme"))
                .hasMessageEndingWith(": database must be 'none' or a mapping, found 'elsewhere'");
        Files.writeString(tenantFile("acme"), valid + "database:\n  driver: postgres\n  url: u\n  password: hunter2\n");
        assertThatThrownBy(() -> tenants.getBySlug("acme"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("database.password must not be stored in clear")
                .hasMessageNotContaining("hunter2");
        Files.writeString(tenantFile("acme"), valid + "database:\n  driver: postgres\n  url: u\n  password: ${MISSING_VAR}\n");
        assertThatThrownBy(() -> tenants.getBySlug("acme"))
                .hasMessageContaining("tenants/acme/tenant.yaml:").hasMessageContaining("MISSING_VAR");
    }

    @Test
    void updateOverAMalformedFileFailsAndLeavesItAlone() throws IOException {
        Tenant t = tenants.create(NewTenant.of("acme", "Acme"));
        Files.writeString(tenantFile("acme"), "id: [\n");
        assertThatThrownBy(() -> tenants.update(t.withDisplayName("x"))).isInstanceOf(InvalidInputException.class);
        assertThat(Files.readString(tenantFile("acme"))).isEqualTo("id: [\n");
    }

    // ---- crash ----

    @Test
    void crashBetweenTempWriteAndRenameLeavesTheOldFileIntact() throws IOException {
        Tenant t = tenants.create(NewTenant.of("acme", "Acme"));
        String before = Files.readString(tenantFile("acme"));
        FsControlPlane crashing = Fixtures.open(root, true, clock, new FsHooks() {
            @Override
            public void beforeRename(Path temp, Path target) {
                throw new SimulatedCrash();
            }
        });
        assertThatThrownBy(() -> crashing.tenants().update(t.withDisplayName("New content")))
                .isInstanceOf(SimulatedCrash.class);

        assertThat(Files.readString(tenantFile("acme"))).isEqualTo(before).doesNotContain("New content");
        assertThat(tenants.getBySlug("acme")).contains(t);
        List<Path> temps = temps(root.resolve("tenants/acme"));
        assertThat(temps).hasSize(1);
        assertThat(Files.readString(temps.get(0))).contains("New content");
        assertThat(tenants.list()).containsExactly(t);

        // the next write succeeds and removes the stray temporary file
        Tenant u = tenants.update(t.withDisplayName("After restart"));
        assertThat(u.version()).isEqualTo(2);
        assertThat(temps(root.resolve("tenants/acme"))).isEmpty();
    }

    @Test
    void crashWhileCreatingLeavesNoTenant() {
        FsControlPlane crashing = Fixtures.open(root, true, clock, new FsHooks() {
            @Override
            public void beforeRename(Path temp, Path target) {
                if (target.getFileName().toString().equals("tenant.yaml")) {
                    throw new SimulatedCrash();
                }
            }
        });
        assertThatThrownBy(() -> crashing.tenants().create(NewTenant.of("acme", "Acme")))
                .isInstanceOf(SimulatedCrash.class);
        assertThat(tenants.getBySlug("acme")).isEmpty();
        assertThat(tenants.list()).isEmpty();
        tenants.create(NewTenant.of("acme", "Acme"));
        assertThat(tenants.list()).extracting(Tenant::slug).containsExactly("acme");
    }

    @Test
    void failedRenameCleansUpAtOnce() throws IOException {
        Tenant t = tenants.create(NewTenant.of("acme", "Acme"));
        FsControlPlane failing = Fixtures.open(root, true, clock, new FsHooks() {
            @Override
            public void beforeRename(Path temp, Path target) throws IOException {
                throw new IOException("disk full");
            }
        });
        assertThatThrownBy(() -> failing.tenants().update(t.withDisplayName("x")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("tenants.update").hasMessageContaining("disk full");
        assertThat(temps(root.resolve("tenants/acme"))).isEmpty();
        assertThat(tenants.getBySlug("acme")).contains(t);
    }

    static List<Path> temps(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in " + text);
    }

    /** Stands for the process dying: an Error skips the write path's clean-up, as a crash would. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash");
        }
    }
}

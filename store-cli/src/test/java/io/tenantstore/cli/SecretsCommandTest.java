package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.Secret;
import io.tenantstore.SecretException;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.yaml.StoreFile;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.fs.FsSigningKeys;
import io.tenantstore.model.SigningKeyAlgorithm;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsCommandTest {
    @TempDir
    Path dir;

    @Test
    void keygenWritesAnOwnerOnlyKeysetAndRefusesToOverwrite() throws IOException {
        Path keys = dir.resolve("keys.json");
        assertThat(CliRunner.run("secrets", "keygen", "--out", keys.toString()).exit()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rw-------");
        assertThat(Keyring.fromFile(keys).keys()).hasSize(1);
        assertThat(CliRunner.run("secrets", "keygen", "--out", keys.toString()).exit()).isEqualTo(Main.EXIT_INVALID);
    }

    @Test
    void addKeyFromFourThreadsAtOnceKeepsEveryKey() throws Exception {
        Path keys = dir.resolve("keys.json");
        CliRunner.run("secrets", "keygen", "--out", keys.toString());
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<CliRunner>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return CliRunner.run("secrets", "add-key", "--keyset", "file:" + keys);
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<CliRunner> run : runs) {
                CliRunner r = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(r.exit()).as(r.err()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        // each read-modify-write of the keyset ran alone: none overwrote another's key
        assertThat(Keyring.fromFile(keys).keys()).hasSize(5);
    }

    @Test
    void addKeyFromFourProcessesAtOnceKeepsEveryKey() throws Exception {
        Path keys = dir.resolve("keys.json");
        CliRunner.run("secrets", "keygen", "--out", keys.toString());
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            processes.add(new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "secrets", "add-key", "--keyset", "file:" + keys).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("add-key-" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < 4; i++) {
            assertThat(processes.get(i).waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(processes.get(i).exitValue()).as(Files.readString(dir.resolve("add-key-" + i + ".log")))
                    .isZero();
        }
        assertThat(Keyring.fromFile(keys).keys()).hasSize(5);
    }

    @Test
    void rotateReEncryptsStoreAndTenantValuesAndDisablesTheOldKey() throws IOException {
        Setup setup = storeWithOwnDatabases("acme");
        Path keys = setup.keys();
        Keyring before = setup.keyring();
        int oldKey = before.primaryKeyId();
        String storeEnc = setup.storeEnc();
        Path storeYaml = setup.storeYaml();
        String tenantYamlBefore = Files.readString(dir.resolve("data/tenants/acme/tenant.yaml"));
        FsSigningKeys.open(dir.resolve("data"), before, java.time.Clock.systemUTC())
                .generate("acme", SigningKeyAlgorithm.EDDSA);

        CliRunner added = CliRunner.run("secrets", "add-key", "--store", storeYaml.toString());
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(Files.readString(dir.resolve("data/tenants/acme/tenant.yaml")))
                .as("adding a key changes no value").isEqualTo(tenantYamlBefore);
        try (DataAccessLayer running = TenantStore.open(storeYaml)) {
            // A process restarted after add-key knows both keys: values under either decrypt.
            CliRunner r = CliRunner.run("secrets", "rotate", "--store", storeYaml.toString());
            // acme's own database (db-7) does not answer here: step 4 says so, and to keep the old key
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Main.EXIT_PARTIAL);
            assertThat(r.out()).contains("[1/4] re-encrypted 1 value(s) and 1 signing key(s)",
                    "[2/4] re-encrypted 1 value(s)", "[3/4] key ", " is primary (old primary " + oldKey)
                    .containsPattern("\\[4/4] \\[1/1] acme +FAILED UNAVAILABLE: ")
                    .contains("keep key " + oldKey + " enabled: 1 tenant(s) still hold secrets under it");
            running.invalidate("acme");
            assertThat(running.config().tenants().getBySlug("acme")).as("the running process still reads it")
                    .isPresent();
        }
        CliRunner disabled = CliRunner.run("secrets", "disable-key", String.valueOf(oldKey), "--store",
                storeYaml.toString());
        assertThat(disabled.exit()).as(disabled.err()).isZero();

        Keyring after = Keyring.fromFile(keys);
        assertThat(after.primaryKeyId()).isNotEqualTo(oldKey);
        assertThat(after.keys()).anySatisfy(k -> {
            assertThat(k.id()).isEqualTo(oldKey);
            assertThat(k.status()).isEqualTo(Keyring.KeyStatus.DISABLED);
        });
        String storeText = Files.readString(storeYaml);
        assertThat(storeText).startsWith("# operator's comment stays").doesNotContain(storeEnc)
                .doesNotContain("store-db-password");
        assertThat(StoreFile.read(storeYaml).defaultTenantDb().orElseThrow().password().orElseThrow().reveal())
                .isEqualTo("store-db-password");
        String tenantYamlAfter = Files.readString(dir.resolve("data/tenants/acme/tenant.yaml"));
        assertThat(tenantYamlAfter).isNotEqualTo(tenantYamlBefore).doesNotContain("acme-db-password");
        try (DataAccessLayer store = TenantStore.open(storeYaml)) {
            TenantDatabase.Own own = (TenantDatabase.Own) store.config().tenants().getBySlug("acme").orElseThrow()
                    .database();
            assertThat(own.config().password().orElseThrow().reveal()).isEqualTo("acme-db-password");
        }
        // The signing key was re-encrypted too: it still signs with the old keyring key disabled.
        io.tenantstore.repository.SigningKeyRepository signing = FsSigningKeys.open(dir.resolve("data"), after, java.time.Clock.systemUTC());
        byte[] data = "payload".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var signed = signing.sign("acme", data);
        assertThat(signing.verify("acme", signed.kid(), data, signed.signature())).isTrue();
        // The old ciphertext no longer decrypts: its key is disabled.
        Files.writeString(dir.resolve("data/tenants/acme/tenant.yaml"), tenantYamlBefore);
        try (DataAccessLayer store = TenantStore.open(storeYaml)) {
            assertThatThrownBy(() -> store.config().tenants().getBySlug("acme"))
                    .isInstanceOf(SecretException.class)
                    .hasMessageContaining("acme").hasMessageContaining("database.password")
                    .hasMessageNotContaining("acme-db-password");
        }
    }

    @Test
    void rotateStoppedByADamagedTenantFileWritesNothingAndRunsAgainOnceItIsRepaired() throws IOException {
        Setup setup = storeWithOwnDatabases("acme", "globex");
        Path keys = setup.keys();
        int oldKey = setup.keyring().primaryKeyId();
        Path storeYaml = setup.storeYaml();
        assertThat(CliRunner.run("secrets", "add-key", "--store", storeYaml.toString()).exit()).isZero();
        String keysetBefore = Files.readString(keys);
        Path acme = dir.resolve("data/tenants/acme/tenant.yaml");
        Path globex = dir.resolve("data/tenants/globex/tenant.yaml");
        String acmeBefore = Files.readString(acme);
        String globexGood = Files.readString(globex);
        Files.writeString(globex, globexGood + "  broken: [unclosed\n");
        String storeBefore = Files.readString(storeYaml);

        CliRunner stopped = CliRunner.run("secrets", "rotate", "--store", storeYaml.toString());
        assertThat(stopped.exit()).as(stopped.out() + stopped.err()).isEqualTo(Main.EXIT_INVALID);
        assertThat(stopped.err()).contains("tenants/globex/tenant.yaml:")
                .contains("was not made primary: " + keys + " is unchanged")
                .contains("then run the same command again with --key ");
        assertThat(stopped.out()).doesNotContain("is primary");
        assertThat(Files.readString(keys)).as("the keyset").isEqualTo(keysetBefore);
        assertThat(Files.readString(acme)).as("a good tenant's file").isEqualTo(acmeBefore);
        assertThat(Files.readString(storeYaml)).as("store.yaml").isEqualTo(storeBefore);

        Files.writeString(globex, globexGood);
        CliRunner resumed = CliRunner.run("secrets", "rotate", "--store", storeYaml.toString());
        // the tenants' own databases (db-7) do not answer here: exit 3 from step 4 only
        assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(resumed.out()).contains("[1/4] re-encrypted 2 value(s)", "[2/4] re-encrypted 1 value(s)",
                "(old primary " + oldKey + " stays enabled)");
        int newKey = Keyring.fromFile(keys).primaryKeyId();
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(Files.readString(acme)).isNotEqualTo(acmeBefore);

        // once done, rotate without --key does not bring the old key back
        String keysetRotated = Files.readString(keys);
        CliRunner again = CliRunner.run("secrets", "rotate", "--store", storeYaml.toString());
        assertThat(again.exit()).as(again.out() + again.err()).isEqualTo(Main.EXIT_INVALID);
        assertThat(again.err()).contains("key " + newKey + ", the primary, is the newest: this rotation is done");
        assertThat(Files.readString(keys)).isEqualTo(keysetRotated);
        // naming the primary finishes whatever is not under it yet, and changes nothing else
        CliRunner named = CliRunner.run("secrets", "rotate", "--key", String.valueOf(newKey), "--store",
                storeYaml.toString());
        assertThat(named.exit()).as(named.out() + named.err()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(named.out()).contains("[1/4] re-encrypted 0 value(s)", "[3/4] key " + newKey + " was primary already")
                .contains("keep the previous key enabled").doesNotContain("disable-key");
        assertThat(Files.readString(keys)).isEqualTo(keysetRotated);
    }

    @Test
    void rotateMovesTheTotpSeedsInTheTenantsDatabasesSoMfaWorksAfterTheOldKeyIsDisabled() throws IOException {
        assertThat(CliRunner.run("init", dir.toString()).exit()).isZero();
        Path storeYaml = dir.resolve("store.yaml");
        String store = storeYaml.toString();
        assertThat(CliRunner.run("tenants", "create", "acme", "--store", store).exit()).isZero();
        String userId;
        try (DataAccessLayer dal = TenantStore.open(storeYaml)) {
            var acme = dal.forTenant("acme");
            userId = acme.users().create(io.tenantstore.model.NewUser.of("ana@acme.io", null)).id();
            acme.mfa().upsertTotp(userId, Secret.of("JBSWY3DPEHPK3PXP"));
        }
        int oldKey = Keyring.fromFile(dir.resolve("keyset.json")).primaryKeyId();
        assertThat(CliRunner.run("secrets", "add-key", "--store", store).exit()).isZero();

        CliRunner rotated = CliRunner.run("secrets", "rotate", "--store", store);
        assertThat(rotated.exit()).as(rotated.out() + rotated.err()).isZero();
        assertThat(rotated.out()).containsPattern("\\[4/4] \\[1/1] acme +re-encrypted 1 stored secret\\(s\\)")
                .contains("[4/4] re-encrypted 1 stored secret(s) (TOTP seeds) in 1 tenant(s)' databases")
                .contains("disable-key " + oldKey);
        assertThat(CliRunner.run("secrets", "disable-key", String.valueOf(oldKey), "--store", store).exit()).isZero();
        try (DataAccessLayer dal = TenantStore.open(storeYaml)) {
            assertThat(dal.forTenant("acme").mfa().getTotp(userId).orElseThrow().secret().reveal())
                    .as("the seed decrypts with the old key disabled").isEqualTo("JBSWY3DPEHPK3PXP");
        }
    }

    /** A keyset (keys.json), and a store.yaml whose default database password is encrypted under it. */
    private record Setup(Path keys, Keyring keyring, String storeEnc, Path storeYaml) {
    }

    /**
     * @return a new keyset, and a store.yaml with the default database's password encrypted under
     *         it, with tenants each on an own PostgreSQL database (which does not answer here)
     *         whose password is encrypted in tenant.yaml
     */
    private Setup storeWithOwnDatabases(String... slugs) throws IOException {
        Path keys = dir.resolve("keys.json");
        CliRunner.run("secrets", "keygen", "--out", keys.toString());
        Keyring keyring = Keyring.fromFile(keys);
        String storeEnc = keyring.encrypt("store", "defaultTenantDb.password", Secret.of("store-db-password"));
        Path storeYaml = dir.resolve("store.yaml");
        Files.writeString(storeYaml, "# operator's comment stays\nfsRoot: data\nsecrets: { keyset: file:keys.json }\n"
                + "defaultTenantDb:\n  driver: postgres\n  url: jdbc:postgresql://db/app\n  username: app\n"
                + "  password: '" + storeEnc + "'\n");
        try (DataAccessLayer store = TenantStore.builder().fsRoot(dir.resolve("data")).secrets(keyring)
                .noBackgroundMaintenance().build()) {
            for (String slug : slugs) {
                store.config().tenants().create(new NewTenant(slug, slug, slug, TenantSettings.DEFAULTS,
                        TenantDatabase.own(DbConfig.builder("postgres", "jdbc:postgresql://db-7/" + slug)
                                .isolation(Isolation.DATABASE).username(slug).password(Secret.of(slug + "-db-password"))
                                .build())));
            }
        }
        return new Setup(keys, keyring, storeEnc, storeYaml);
    }

    @Test
    void rotateWithoutAnAddedKeySaysToAddOneFirst() throws IOException {
        Path keys = dir.resolve("keys.json");
        CliRunner.run("secrets", "keygen", "--out", keys.toString());
        CliRunner r = CliRunner.run("secrets", "rotate", "--keyset", "file:" + keys, "--fs-root", dir.toString(),
                "--store", dir.resolve("absent.yaml").toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(r.err()).contains("add-key");
    }

    @Test
    void rotationRefusesAKeysetFromTheEnvironment() {
        CliRunner r = CliRunner.run("secrets", "rotate", "--keyset", "env:SOME_KEYSET", "--fs-root", dir.toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(r.err()).contains("needs a keyset file");
    }
}

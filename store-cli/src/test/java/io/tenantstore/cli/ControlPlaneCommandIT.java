package io.tenantstore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.Secret;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ControlPlaneCommandIT {
    @TempDir
    Path dir;

    @Test
    void syncExportAndImportMoveTheControlPlaneWithSecretsStillEncrypted() throws IOException {
        TestDatabase server = TestDatabases.postgres();
        String url = server.createDatabase("cli_cp_" + UUID.randomUUID().toString().substring(0, 8));
        Keyring keyring = Keyring.generate();
        Files.writeString(dir.resolve("keyset.json"), keyring.exportJson().reveal());
        // the files exist before the globalDb is configured
        String password = "smtp-" + UUID.randomUUID();
        try (DataAccessLayer files = TenantStore.builder().fsRoot(dir.resolve("data")).secrets(keyring)
                .noBackgroundMaintenance().build()) {
            files.config().tenants().create(new NewTenant("acme", "Acme", "Acme", new TenantSettings("en",
                    Duration.ofHours(24), Duration.ofDays(30), false, TenantSettings.SecuritySettings.DEFAULTS,
                    new TenantSettings.SmtpSettings("smtp.acme", 587, "mailer", Secret.of(password), "a@acme.io")),
                    TenantDatabase.none()));
            files.config().tenants().create(NewTenant.of("beta", "Beta"));
        }
        Path storeYaml = dir.resolve("store.yaml");
        Files.writeString(storeYaml, "fsRoot: data\nsecrets: { keyset: file:keyset.json }\nglobalDb:\n  driver: postgres\n"
                + "  url: '" + url + "'\n  username: " + server.username() + "\n");
        String store = storeYaml.toString();

        // a dry run writes nothing, not even the control-plane tables of a new database
        CliRunner first = CliRunner.run("control-plane", "sync", "--dry-run", "--store", store);
        assertThat(first.exit()).as(first.err()).isEqualTo(Main.EXIT_FAILED);
        assertThat(first.err()).contains("are not current", "a dry run creates and upgrades nothing");
        assertThat(tableExists(server, url, "ts_cp_tenants")).isFalse();

        CliRunner sync = CliRunner.run("control-plane", "sync", "--store", store);
        assertThat(sync.exit()).as(sync.err()).isZero();
        assertThat(sync.out()).contains("created 2");
        assertThat(CliRunner.run("control-plane", "sync", "--store", store).out()).contains("unchanged 2");

        // from then on a dry run tells what a run does, and does none of it
        Files.writeString(dir.resolve("data/tenants/beta/scopes.yaml"), "scopes:\n  - { name: profile, system: true }\n");
        CliRunner dry = CliRunner.run("control-plane", "sync", "--dry-run", "--to", "Database", "--store", store);
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("dry run").contains("updated 1").contains("updated beta");
        assertThat(dry.err()).contains("2/2 beta: updated (dry run)");
        assertThat(CliRunner.run("control-plane", "sync", "--store", store).out()).contains("updated beta");

        // an empty directory where the files were (a volume not mounted) empties nothing
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty.resolve("tenants"));
        CliRunner refused = CliRunner.run("control-plane", "import", "--from", empty.toString(), "--store", store);
        assertThat(refused.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(refused.err()).contains("holds no tenant while").contains("--allow-empty-source");
        assertThat(CliRunner.run("control-plane", "sync", "--store", store).out()).contains("unchanged 2");
        CliRunner notADirectory = CliRunner.run("control-plane", "export", "--out", storeYaml.toString(), "--store", store);
        assertThat(notADirectory.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(notADirectory.err()).contains("is not a directory");

        Path exported = dir.resolve("exported");
        CliRunner export = CliRunner.run("control-plane", "export", "--out", exported.toString(), "--store", store);
        assertThat(export.exit()).as(export.err()).isZero();
        String tenantYaml = Files.readString(exported.resolve("tenants/acme/tenant.yaml"));
        assertThat(tenantYaml).isEqualTo(Files.readString(dir.resolve("data/tenants/acme/tenant.yaml")))
                .contains("enc:").doesNotContain(password);

        Files.writeString(exported.resolve("tenants/beta/scopes.yaml"), "scopes:\n  - { name: openid, system: true }\n");
        CliRunner imported = CliRunner.run("control-plane", "import", "--from", exported.toString(), "--store", store);
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("updated 1").contains("updated beta");

        // the database now serves a store with no files at all, secrets decrypting with the keyring
        try (DataAccessLayer db = TenantStore.builder().globalDb(io.tenantstore.DbConfig.builder("postgres", url)
                .username(server.username()).build()).controlPlaneSource(io.tenantstore.ControlPlaneSource.DATABASE)
                .secrets(keyring).noBackgroundMaintenance().build()) {
            assertThat(db.config().tenants().getBySlug("acme").orElseThrow().settings().smtp().password().reveal())
                    .isEqualTo(password);
            assertThat(db.config().scopes("beta").list()).hasSize(1);
            assertThat(db.capabilities().controlPlaneSource()).isEqualTo(io.tenantstore.ControlPlaneSource.DATABASE);
            assertThat(db.capabilities().globalMirror()).isFalse();
        }
        assertThat(CliRunner.run("control-plane", "sync", "--to", "nowhere", "--store", store).exit())
                .isEqualTo(Main.EXIT_INVALID);
    }

    private static boolean tableExists(TestDatabase server, String url, String table) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, server.username(),
                server.password());
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}

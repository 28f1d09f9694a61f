package io.tenantstore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.Secret;
import io.tenantstore.SecretException;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.SignatureResult;
import io.tenantstore.model.SigningKeyAlgorithm;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code secrets rotate} with the control plane kept in a PostgreSQL global database. */
class SecretsCommandIT {
    @TempDir
    Path dir;

    @Test
    void rotateReEncryptsTheTenantsHeldInTheDatabaseControlPlane() throws IOException {
        TestDatabase server = TestDatabases.postgres();
        String url = server.createDatabase("cli_rotate_" + UUID.randomUUID().toString().substring(0, 8));
        Path keys = dir.resolve("keys.json");
        assertThat(CliRunner.run("secrets", "keygen", "--out", keys.toString()).exit()).isZero();
        Keyring before = Keyring.fromFile(keys);
        int oldKey = before.primaryKeyId();
        Path storeYaml = dir.resolve("store.yaml");
        Files.writeString(storeYaml, "controlPlane: { source: database }\nsecrets: { keyset: file:keys.json }\n"
                + "globalDb:\n  driver: postgres\n  url: '" + url + "'\n  username: " + server.username() + "\n");
        String password = "acme-db-" + UUID.randomUUID();
        try (DataAccessLayer store = open(url, server, before)) {
            store.config().tenants().create(new NewTenant("acme", "Acme", "Acme", TenantSettings.DEFAULTS,
                    TenantDatabase.own(DbConfig.builder("postgres", "jdbc:postgresql://db-7/acme")
                            .isolation(Isolation.DATABASE).username("acme").password(Secret.of(password)).build())));
            store.config().tenants().create(NewTenant.of("beta", "Beta"));
            store.config().signingKeys().generate("beta", SigningKeyAlgorithm.ES256);
        }
        String stored = tenantText(url, server, "acme");
        String keysBefore = text(url, server, "SELECT body FROM ts_cp_signing_keys WHERE slug = ?", "beta");
        assertThat(keysBefore).contains("private: enc:");
        assertThat(stored).contains("enc:").doesNotContain(password);

        assertThat(CliRunner.run("secrets", "add-key", "--store", storeYaml.toString()).exit()).isZero();
        CliRunner rotated = CliRunner.run("secrets", "rotate", "--store", storeYaml.toString());
        // acme's own database (db-7) does not answer here: step 4 reports it and exits 3
        assertThat(rotated.exit()).as(rotated.out() + rotated.err()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(rotated.out()).contains("[1/4] re-encrypted 1 value(s) and 1 signing key(s) in the tenants in postgres")
                .containsPattern("acme +FAILED UNAVAILABLE: ").containsPattern("beta +re-encrypted 0 stored secret")
                .doesNotContain("under " + dir);
        assertThat(dir.resolve("tenants")).as("no files are made for a database control plane").doesNotExist();
        String after = tenantText(url, server, "acme");
        assertThat(after).isNotEqualTo(stored).contains("enc:").doesNotContain(password);
        assertThat(after.replaceAll("enc:\\S+", "")).isEqualTo(stored.replaceAll("enc:\\S+", ""));
        assertThat(CliRunner.run("secrets", "disable-key", String.valueOf(oldKey), "--store", storeYaml.toString())
                .exit()).isZero();
        Keyring disabled = Keyring.fromFile(keys);
        try (DataAccessLayer store = open(url, server, disabled)) {
            TenantDatabase.Own own = (TenantDatabase.Own) store.config().tenants().getBySlug("acme").orElseThrow()
                    .database();
            assertThat(own.config().password().orElseThrow().reveal()).isEqualTo(password);
            assertThat(store.config().tenants().getBySlug("acme").orElseThrow().version()).isEqualTo(1);
            // the signing key was re-encrypted too: it still signs with the old keyring key disabled
            byte[] data = {7, 7};
            SignatureResult sig = store.config().signingKeys().sign("beta", data);
            assertThat(store.config().signingKeys().verify("beta", sig.kid(), data, sig.signature())).isTrue();
        }
        String keysAfter = text(url, server, "SELECT body FROM ts_cp_signing_keys WHERE slug = ?", "beta");
        assertThat(keysAfter).isNotEqualTo(keysBefore).contains("private: enc:");
        assertThat(keysAfter.replaceAll("enc:\\S+", "")).isEqualTo(keysBefore.replaceAll("enc:\\S+", ""));
        // the value as it was before the rotation no longer decrypts: its key is disabled
        setTenantText(url, server, "acme", stored);
        try (DataAccessLayer store = open(url, server, disabled)) {
            assertThatThrownBy(() -> store.config().tenants().getBySlug("acme"))
                    .isInstanceOf(SecretException.class).hasMessageNotContaining(password);
        }
    }

    private static DataAccessLayer open(String url, TestDatabase server, Keyring keyring) {
        return TenantStore.builder().globalDb(DbConfig.builder("postgres", url).username(server.username()).build())
                .controlPlaneSource(ControlPlaneSource.DATABASE).secrets(keyring).noBackgroundMaintenance().build();
    }

    private static String tenantText(String url, TestDatabase server, String slug) {
        return text(url, server, "SELECT body FROM ts_cp_tenants WHERE slug = ?", slug);
    }

    static String text(String url, TestDatabase server, String sql, String slug) {
        try (Connection c = DriverManager.getConnection(url, server.username(), server.password());
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setTenantText(String url, TestDatabase server, String slug, String text) {
        try (Connection c = DriverManager.getConnection(url, server.username(), server.password());
             PreparedStatement ps = c.prepareStatement("UPDATE ts_cp_tenants SET body = ? WHERE slug = ?")) {
            ps.setString(1, text);
            ps.setString(2, slug);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

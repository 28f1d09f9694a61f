package io.tenantstore.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.SigningKey;
import io.tenantstore.model.SigningKeyState;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code keys list|rotate|jwks} on a control plane kept in a PostgreSQL global database, and on its copy. */
class KeysCommandIT {
    @TempDir
    Path dir;

    private Path storeYaml(String url, TestDatabase server, String source) throws Exception {
        Path keys = dir.resolve("keys.json");
        if (!Files.exists(keys)) {
            assertThat(CliRunner.run("secrets", "keygen", "--out", keys.toString()).exit()).isZero();
        }
        Path storeYaml = dir.resolve("store.yaml");
        Files.writeString(storeYaml, "fsRoot: data\ncontrolPlane: { source: " + source + " }\n"
                + "secrets: { keyset: file:keys.json }\n"
                + "globalDb:\n  driver: postgres\n  url: '" + url + "'\n  username: " + server.username() + "\n");
        return storeYaml;
    }

    @Test
    void rotateListAndJwksWorkOnTheDatabaseControlPlane() throws Exception {
        TestDatabase server = TestDatabases.postgres();
        String url = server.createDatabase("cli_keys_" + UUID.randomUUID().toString().substring(0, 8));
        Path storeYaml = storeYaml(url, server, "database");
        Keyring keyring = Keyring.fromFile(dir.resolve("keys.json"));
        try (DataAccessLayer store = open(url, server, keyring)) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
        }
        String s = storeYaml.toString();
        CliRunner first = CliRunner.run("keys", "rotate", "acme", "--store", s, "--alg", "EdDSA");
        assertThat(first.exit()).as(first.err()).isZero();
        CliRunner second = CliRunner.run("keys", "rotate", "acme", "--store", s, "--grace", "90m");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("ES256");
        CliRunner list = CliRunner.run("keys", "list", "acme", "--store", s);
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("retiring", "verifies until", "2 signing key(s) in tenant acme");
        CliRunner jwks = CliRunner.run("keys", "jwks", "acme", "--store", s);
        assertThat(jwks.exit()).isZero();
        assertThat(jwks.out()).contains("\"kty\":\"OKP\"", "\"kty\":\"EC\"").doesNotContain("\"d\"", "enc:");
        assertThat(dir.resolve("data")).as("no files are made for a database control plane").doesNotExist();
        // a running store on the same database sees the CLI's keys and signs with the new active one
        try (DataAccessLayer store = open(url, server, keyring)) {
            SigningKey active = store.config().signingKeys().list("acme").stream()
                    .filter(k -> k.state() == SigningKeyState.ACTIVE).findFirst().orElseThrow();
            assertThat(active.algorithm().jwsName()).isEqualTo("ES256");
            assertThat(store.config().signingKeys().sign("acme", new byte[] {1}).kid()).isEqualTo(active.kid());
        }
        CliRunner unknown = CliRunner.run("keys", "list", "nobody", "--store", s);
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err()).contains("nobody");
    }

    @Test
    void rotateOnFilesWithADatabaseCopyWritesBoth() throws Exception {
        TestDatabase server = TestDatabases.postgres();
        String url = server.createDatabase("cli_keys_" + UUID.randomUUID().toString().substring(0, 8));
        Path storeYaml = storeYaml(url, server, "files");
        try (DataAccessLayer store = TenantStore.open(storeYaml)) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
        }
        CliRunner rotated = CliRunner.run("keys", "rotate", "acme", "--store", storeYaml.toString());
        assertThat(rotated.exit()).as(rotated.err()).isZero();
        String file = Files.readString(dir.resolve("data/tenants/acme/keys.yaml"));
        assertThat(file).contains("private: enc:");
        assertThat(SecretsCommandIT.text(url, server, "SELECT body FROM ts_cp_signing_keys WHERE slug = ?", "acme"))
                .isEqualTo(file);
    }

    private static DataAccessLayer open(String url, TestDatabase server, Keyring keyring) {
        return TenantStore.builder().globalDb(DbConfig.builder("postgres", url).username(server.username()).build())
                .controlPlaneSource(ControlPlaneSource.DATABASE).secrets(keyring).noBackgroundMaintenance().build();
    }
}

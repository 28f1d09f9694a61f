package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.model.NewTenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
    @TempDir
    Path dir;

    /** @return store.yaml naming a new keyset file, keys.json, beside it */
    private Path storeWithKeyset() throws Exception {
        assertThat(CliRunner.run("secrets", "keygen", "--out", dir.resolve("keys.json").toString()).exit()).isZero();
        Path storeYaml = dir.resolve("store.yaml");
        Files.writeString(storeYaml, "fsRoot: data\nsecrets: { keyset: file:keys.json }\n");
        return storeYaml;
    }

    @Test
    void rotateListAndJwksPrintTheKeysAndExitZero() throws Exception {
        storeWithKeyset();
        Path keyset = dir.resolve("keys.json");
        try (DataAccessLayer store = TenantStore.builder().fsRoot(dir.resolve("data"))
                .secrets(Keyring.fromFile(keyset)).noBackgroundMaintenance().build()) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
        }
        String fsRoot = dir.resolve("data").toString();

        CliRunner empty = CliRunner.run("keys", "list", "acme", "--fs-root", fsRoot);
        assertThat(empty.exit()).as(empty.err()).isZero();
        assertThat(empty.out()).contains("0 signing key(s) in tenant acme");

        CliRunner first = CliRunner.run("keys", "rotate", "acme", "--keyset", "file:" + keyset, "--fs-root", fsRoot,
                "--alg", "EdDSA");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("active ").contains("EdDSA", "active");
        CliRunner second = CliRunner.run("keys", "rotate", "acme", "--keyset", "file:" + keyset,
                "--fs-root", fsRoot, "--grace", "PT1H");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("ES256");

        CliRunner list = CliRunner.run("keys", "list", "acme", "--fs-root", fsRoot);
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("retiring", "verifies until", "2 signing key(s) in tenant acme");

        CliRunner jwks = CliRunner.run("keys", "jwks", "acme", "--fs-root", fsRoot);
        assertThat(jwks.exit()).isZero();
        assertThat(jwks.out()).startsWith("{\"keys\":[").contains("\"kty\":\"OKP\"", "\"kty\":\"EC\"",
                "\"use\":\"sig\"").doesNotContain("\"d\"", "enc:");
        assertThat(Files.readString(dir.resolve("data/tenants/acme/keys.yaml"))).contains("private: enc:");
    }

    @Test
    void badInputExitsWithTheInvalidCodeAndWritesNothing() {
        CliRunner bad = CliRunner.run("keys", "rotate", "nope!", "--fs-root", dir.resolve("data").toString(),
                "--keyset", "file:" + dir.resolve("missing.json"), "--alg", "HS256");
        assertThat(bad.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(bad.err()).contains("HS256");
        CliRunner grace = CliRunner.run("keys", "rotate", "acme", "--fs-root", dir.resolve("data").toString(),
                "--keyset", "file:" + dir.resolve("missing.json"), "--grace", "soon");
        assertThat(grace.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(grace.err()).contains("soon");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void storeAndFsRootTogetherAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path storeYaml = storeWithKeyset();
        CliRunner both = CliRunner.run("keys", "rotate", "acme", "--store", storeYaml.toString(), "--fs-root",
                dir.resolve("other").toString());
        assertThat(both.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(both.err()).contains("either --store or --fs-root");
        assertThat(dir.resolve("other")).doesNotExist();
    }
}

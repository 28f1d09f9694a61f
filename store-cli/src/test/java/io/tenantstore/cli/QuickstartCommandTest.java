package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartCommandTest {
    @TempDir
    Path dir;

    /** The README's first command: the whole data plane on SQLite files, nothing installed. */
    @Test
    void runsTheDataPlaneForTwoTenantsOnSqliteFilesAndShowsEachOnlyItsOwn() throws IOException {
        CliRunner r = CliRunner.run("quickstart", "--dir", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("mode FS_TENANT_DB")
                .contains("acme password check, right password:  true")
                .contains("acme password check, wrong password:  false")
                .contains("rotated token 1 -> token 2, same family: true")
                .contains("presenting token 1 again: TOKEN_REUSED")
                .contains("token 2 revoked with its family: true")
                .contains("TOTP enrolled, confirmed: true")
                .contains("recovery code used once: true, twice: false, codes left: 1")
                .contains("her permissions: [docs:read, docs:write]")
                .contains("ana consented to client web for [openid, profile], active: true")
                .contains("acme: web", "globex: web")
                .contains("acme: billing")
                .doesNotContain("globex: billing")
                .contains("acme/web with the right secret: true, with a wrong one: false")
                .contains("acme.cache().get(\"greeting\")   = hello from acme")
                .contains("globex.cache().get(\"greeting\") = (absent)")
                .contains("globex roles:                         0")
                .contains("globex consents of acme's ana:        0")
                .contains("users in acme's file (own SQL):       1")
                .contains("users in globex's file (own SQL):     1")
                .doesNotContain("FOUND", "NoDatabaseException", "unexpected")
                .contains("done: 2 tenants");
        assertThat(dir.resolve("store.yaml")).exists();
        assertThat(dir.resolve("keyset.json")).exists();
        assertThat(dir.resolve("tenants/acme/tenant.yaml")).exists();
        assertThat(dir.resolve("tenants/acme/data.db")).isRegularFile();
        assertThat(dir.resolve("tenants/globex/data.db")).isRegularFile();
        assertThat(dir.resolve("tenants/globex/clients.yaml")).exists();
        // the demo's store opens again from its store.yaml, tenants and their data still there
        CliRunner list = CliRunner.run("tenants", "list", "--store", dir.resolve("store.yaml").toString());
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("acme").contains("globex");
    }

    @Test
    void theTotpSeedIsNotStoredInClear() throws IOException {
        CliRunner quick = CliRunner.run("quickstart", "--dir", dir.toString());
        assertThat(quick.exit()).as(quick.err()).isZero();
        StringBuilder raw = new StringBuilder();
        for (String f : List.of("tenants/acme/data.db", "tenants/acme/data.db-wal")) {
            if (Files.exists(dir.resolve(f))) {
                raw.append(Files.readString(dir.resolve(f), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(raw.toString()).contains("ana@example.com").doesNotContain("JBSWY3DPEHPK3PXP");
    }

    @Test
    void theGeneratedClientSecretIsNeverWrittenInClear() throws IOException {
        CliRunner r = CliRunner.run("quickstart", "--dir", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        // The secret is only printed by `clients create`; the quickstart keeps it in memory, so
        // look for any long URL-safe token that reappears verbatim in a written file.
        List<String> written;
        try (Stream<Path> files = Files.walk(dir)) {
            written = files.filter(Files::isRegularFile).map(f -> {
                try {
                    // the SQLite files are binary: read every byte as one character
                    return Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(String.join("\n", written)).contains("pbkdf2-sha256$").doesNotContain("secret: web");
    }

    @Test
    void clientsCreatePrintsTheSecretOnceAndStoresOnlyAHash() throws IOException {
        assertThat(CliRunner.run("tenants", "create", "acme", "--fs-root", dir.toString()).exit()).isZero();
        CliRunner created = CliRunner.run("clients", "create", "acme", "api", "--redirect-uri",
                "https://acme.example/cb", "--fs-root", dir.toString());
        assertThat(created.exit()).as(created.err()).isZero();
        Matcher m = Pattern.compile("shown once, store it now\\): (\\S+)").matcher(created.out());
        assertThat(m.find()).isTrue();
        String secret = m.group(1);
        assertThat(Files.readString(dir.resolve("tenants/acme/clients.yaml"))).doesNotContain(secret);
        assertThat(CliRunner.run("clients", "list", "acme", "--fs-root", dir.toString()).out())
                .contains("api").contains("(secret set)").doesNotContain(secret);
    }

    @Test
    void refusesADirectoryThatAlreadyHoldsTenants() {
        CliRunner first = CliRunner.run("quickstart", "--dir", dir.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        CliRunner again = CliRunner.run("quickstart", "--dir", dir.toString());
        assertThat(again.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(again.err()).contains("already holds tenants");
    }
}

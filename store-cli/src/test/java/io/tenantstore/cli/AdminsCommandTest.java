package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminsCommandTest {
    @TempDir
    Path dir;

    private String store() throws Exception {
        Path storeYaml = dir.resolve("store.yaml");
        Files.writeString(storeYaml, "fsRoot: data\n");
        try (DataAccessLayer store = TenantStore.builder().fsRoot(dir.resolve("data")).noBackgroundMaintenance().build()) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
        }
        return storeYaml.toString();
    }

    @Test
    void addListAndRemoveAdministrators() throws Exception {
        String store = store();
        InputStream stdin = System.in;
        CliRunner added;
        try {
            System.setIn(new ByteArrayInputStream("correct horse\n".getBytes(StandardCharsets.UTF_8)));
            added = CliRunner.run("admins", "add", "root", "--role", "owner", "--password-stdin", "--store", store);
        } finally {
            System.setIn(stdin);
        }
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("added root", "(global)", "owner", "password");
        CliRunner ext = CliRunner.run("admins", "add", "ana", "--tenant", "acme", "--role", "viewer", "--role", "editor",
                "--provider", "google", "--subject", "sub-7", "--store", store);
        assertThat(ext.exit()).as(ext.err()).isZero();

        CliRunner list = CliRunner.run("admins", "list", "--store", store);
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("ana", "acme", "editor,viewer", "google sub-7", "2 administrator(s)");
        CliRunner json = CliRunner.run("admins", "list", "--tenant", "acme", "--json", "--store", store);
        assertThat(json.exit()).isZero();
        assertThat(json.out()).startsWith("[{\"username\":\"ana\"").doesNotContain("root");
        String yaml = Files.readString(dir.resolve("data/admins.yaml"));
        assertThat(yaml).contains("passwordHash: ").doesNotContain("correct horse");

        CliRunner removed = CliRunner.run("admins", "remove", "ana", "--store", store);
        assertThat(removed.exit()).as(removed.err()).isZero();
        CliRunner again = CliRunner.run("admins", "remove", "ana", "--store", store);
        assertThat(again.exit()).isEqualTo(Main.EXIT_FAILED);
        assertThat(again.err()).contains("ana");
    }

    @Test
    void badInputExitsWithTheInvalidCodeAndWritesNothing() throws Exception {
        String store = store();
        CliRunner none = CliRunner.run("admins", "add", "root", "--role", "owner", "--store", store);
        assertThat(none.exit()).isEqualTo(Main.EXIT_INVALID);
        CliRunner badRole = CliRunner.run("admins", "add", "root", "--role", "bad role", "--provider", "g",
                "--subject", "s", "--store", store);
        assertThat(badRole.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(badRole.err()).contains("role");
        CliRunner noTenant = CliRunner.run("admins", "add", "root", "--tenant", "globex", "--role", "owner",
                "--provider", "g", "--subject", "s", "--store", store);
        assertThat(noTenant.exit()).isNotZero();
        assertThat(dir.resolve("data/admins.yaml")).doesNotExist();
        assertThat(CliRunner.run("admins", "--help").out()).contains("list", "add", "remove");
    }
}

package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantsCommandTest {
    @TempDir
    Path dir;

    private CliRunner run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--fs-root";
        all[args.length + 1] = dir.toString();
        return CliRunner.run(all);
    }

    @Test
    void createListShowDelete() {
        assertThat(run("tenants", "create", "acme", "--name", "Acme Inc").exit()).isZero();
        assertThat(run("tenants", "create", "globex", "--no-database").exit()).isZero();
        CliRunner list = run("tenants", "list");
        assertThat(list.out()).contains("acme", "globex", "db: none", "2 tenant(s)");
        CliRunner show = run("tenants", "show", "acme");
        assertThat(show.out()).contains("Acme Inc").contains("scopes: 4");
        assertThat(run("tenants", "delete", "globex").exit()).isZero();
        assertThat(run("tenants", "list").out()).contains("1 tenant(s)").doesNotContain("globex");
    }

    @Test
    void badSlugExitsWithTwoAndWritesNothing() throws IOException {
        CliRunner r = run("tenants", "create", "../evil");
        assertThat(r.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(r.err()).contains("'../evil'").contains("INVALID_INPUT");
        try (var s = Files.list(dir)) {
            assertThat(s.filter(p -> !p.getFileName().toString().startsWith(".")).flatMap(p -> {
                try {
                    return Files.list(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).isEmpty();
        }
    }

    @Test
    void unknownTenantIsAnErrorNamingIt() {
        CliRunner r = run("tenants", "show", "ghost");
        assertThat(r.exit()).isEqualTo(Main.EXIT_FAILED);
        assertThat(r.err()).contains("ghost").contains("TENANT_NOT_FOUND");
    }

    @Test
    void scopesAndSystemScopeProtection() {
        run("tenants", "create", "acme");
        assertThat(run("scopes", "create", "acme", "billing", "--description", "Invoices").exit()).isZero();
        assertThat(run("scopes", "list", "acme").out()).contains("billing", "openid", "system", "5 scope(s)");
        CliRunner r = run("scopes", "delete", "acme", "openid");
        assertThat(r.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(run("scopes", "delete", "acme", "billing").exit()).isZero();
    }

    @Test
    void doctorShowsProgressPerTenantAndHealth() {
        run("tenants", "create", "acme");
        run("tenants", "create", "globex");
        CliRunner r = run("doctor");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("[1/2] acme").contains("[2/2] globex").contains("healthy: 2 tenant(s) checked");
    }

    @Test
    void initWritesAStoreYamlThatOpens() {
        CliRunner init = CliRunner.run("init", dir.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(dir.resolve("keyset.json")).isRegularFile();
        CliRunner stats = CliRunner.run("stats", "--store", dir.resolve("store.yaml").toString());
        assertThat(stats.exit()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("tenants: 0").contains("pools: 0");
        // the default database is SQLite, a file per tenant under the control plane
        String store = dir.resolve("store.yaml").toString();
        assertThat(CliRunner.run("tenants", "create", "acme", "--store", store).exit()).isZero();
        CliRunner doctor = CliRunner.run("doctor", "--store", store);
        assertThat(doctor.exit()).as(doctor.out() + doctor.err()).isZero();
        assertThat(dir.resolve("data/tenants/acme/data.db")).isRegularFile();
        assertThat(CliRunner.run("init", dir.toString()).exit()).isEqualTo(Main.EXIT_INVALID);
    }
}

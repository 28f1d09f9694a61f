package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCommandIT {
    @TempDir
    Path dir;

    @Test
    void migratesEveryTenantWithProgressAndResumesAfterAFailure() throws IOException {
        TestDatabase server = TestDatabases.postgres();
        String url = server.createDatabase("cli_migrate_" + UUID.randomUUID().toString().substring(0, 8));
        Path storeYaml = dir.resolve("store.yaml");
        Files.writeString(storeYaml, "fsRoot: data\ndefaultTenantDb:\n  driver: postgres\n  url: '" + url + "'\n"
                + "  isolation: schema\n  username: " + server.username() + "\n"
                + (server.password() == null ? "" : "  password: ${TS_IT_PASSWORD}\n"));
        String store = storeYaml.toString();
        for (int i = 1; i <= 5; i++) {
            assertThat(CliRunner.run("tenants", "create", "tenant-" + i, "--store", store).exit()).isZero();
        }
        assertThat(CliRunner.run("tenants", "create", "docs", "--no-database", "--store", store).exit()).isZero();
        // A tenant whose own database does not exist: its migration fails, the others go on.
        Path broken = dir.resolve("data/tenants/broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("tenant.yaml"), Files.readString(dir.resolve("data/tenants/docs/tenant.yaml"))
                .replace("database: none", "database: { driver: postgres, url: '" + url.replace("cli_migrate_",
                        "missing_db_") + "', isolation: database, username: " + server.username() + " }")
                .replaceAll("id: .*", "id: " + UUID.randomUUID()));

        CliRunner first = CliRunner.run("migrate", "--parallel", "3", "--store", store);
        assertThat(first.exit()).as(first.out() + first.err()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(first.out()).contains("/7] tenant-1", "/7] tenant-5", "/7] docs", "skipped (no database)",
                "/7] broken", "FAILED", "5 at latest version, 1 without database, 1 failed", "run again");

        Files.walk(broken).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        CliRunner second = CliRunner.run("migrate", "--store", store);
        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("6 tenant(s): 5 at latest version, 1 without database, 0 failed");
    }
}

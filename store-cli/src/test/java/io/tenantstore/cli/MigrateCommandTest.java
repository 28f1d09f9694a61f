package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate}, {@code migrate --dry-run} and {@code migrate info} on the embedded SQLite default. */
class MigrateCommandTest {
    @TempDir
    Path dir;
    String store;

    @BeforeEach
    void store() throws IOException {
        Path yaml = dir.resolve("store.yaml");
        Files.writeString(yaml, "fsRoot: data\ndefaultTenantDb:\n  driver: sqlite\n  url: jdbc:sqlite:tenants\n"
                + "  isolation: database\n");
        store = yaml.toString();
        assertThat(CliRunner.run("tenants", "create", "acme", "--store", store).exit()).isZero();
        assertThat(CliRunner.run("tenants", "create", "globex", "--store", store).exit()).isZero();
        assertThat(CliRunner.run("tenants", "create", "docs", "--no-database", "--store", store).exit()).isZero();
    }

    @Test
    void infoShowsEveryMigrationPendingOnANewTenantAndCurrentAfterMigrate() {
        CliRunner before = CliRunner.run("migrate", "info", "--store", store);
        assertThat(before.exit()).as(before.out() + before.err()).isZero();
        assertThat(before.out()).containsPattern("acme +tenantstore +- +V1, V2, V3, V4 +- +default schema of jdbc:sqlite:")
                .containsPattern("docs +- +- +- +- +\\(no database\\)")
                .contains("3 tenant(s): 0 current, 2 with migrations pending, 1 without database, 0 failed");

        assertThat(CliRunner.run("migrate", "--store", store).exit()).isZero();

        CliRunner after = CliRunner.run("migrate", "info", "--store", store);
        assertThat(after.exit()).isZero();
        assertThat(after.out()).containsPattern("globex +tenantstore +V4 +- +- ")
                .contains("3 tenant(s): 2 current, 0 with migrations pending, 1 without database, 0 failed");
        CliRunner json = CliRunner.run("migrate", "info", "--json", "--store", store);
        assertThat(json.exit()).isZero();
        assertThat(json.out()).contains("{\"tenant\":\"acme\",\"status\":\"current\",\"target\":\"default schema of"
                + " jdbc:sqlite:").contains("\"histories\":[{\"name\":\"tenantstore\",\"current\":\"4\",\"pending\":[],"
                + "\"failed\":[]}]").contains("{\"tenant\":\"docs\",\"status\":\"no-database\"}")
                .contains("\"current\":2,\"pending\":0,\"withoutDatabase\":1,\"failed\":0,\"unreadable\":[]}");
    }

    @Test
    void dryRunSaysWhatWouldBeAppliedAndAppliesNothing() throws SQLException {
        CliRunner dry = CliRunner.run("migrate", "--dry-run", "--store", store);
        assertThat(dry.exit()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).containsPattern("acme +would apply tenantstore V1, V2, V3, V4 to default schema of")
                .containsPattern("docs +skipped \\(no database\\)")
                .contains("3 tenant(s): 2 with migrations pending, 0 already current, 1 without database, 0 failed")
                .contains("(dry run: nothing was changed)");
        assertThat(tables(dir.resolve("data/tenants/acme/data.db"))).isZero();
        assertThat(CliRunner.run("migrate", "info", "--store", store).out())
                .contains("2 with migrations pending");

        CliRunner json = CliRunner.run("migrate", "--dry-run", "--json", "--store", store);
        assertThat(json.out()).startsWith("{\"dryRun\":true,").contains("\"pending\":[\"1\",\"2\",\"3\",\"4\"]")
                .contains("\"pending\":2,\"current\":0,\"withoutDatabase\":1,\"failed\":0");
        assertThat(tables(dir.resolve("data/tenants/globex/data.db"))).isZero();
    }

    @Test
    void migrateSaysWhichVersionsItAppliedAndThenThatTenantsAreCurrent() {
        CliRunner first = CliRunner.run("migrate", "--parallel", "2", "--store", store);
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).containsPattern("\\[\\d/3] acme +applied tenantstore V1, V2, V3, V4; now at tenantstore V4")
                .containsPattern("\\[\\d/3] globex +applied tenantstore V1, V2, V3, V4; now at tenantstore V4")
                .containsPattern("\\[\\d/3] docs +skipped \\(no database\\)")
                .contains("3 tenant(s): 2 migrated, 0 already current, 1 without database, 0 failed in ");

        CliRunner second = CliRunner.run("migrate", "--store", store);
        assertThat(second.exit()).isZero();
        assertThat(second.out()).containsPattern("acme +already current at tenantstore V4")
                .doesNotContain("applied")
                .contains("3 tenant(s): 0 migrated, 2 already current, 1 without database, 0 failed");

        CliRunner json = CliRunner.run("migrate", "--json", "--store", store);
        assertThat(json.out()).startsWith("{\"dryRun\":false,").contains("\"applied\":[]")
                .contains("\"migrated\":0,\"current\":2,\"withoutDatabase\":1,\"failed\":0");
    }

    @Test
    void aTenantWhoseDefinitionIsDamagedIsReportedAndFailsTheRunUntilRepaired() throws IOException, SQLException {
        Path file = dir.resolve("data/tenants/globex/tenant.yaml");
        String good = Files.readString(file);
        Files.writeString(file, good + "  broken: [unclosed\n");

        CliRunner run = CliRunner.run("migrate", "--store", store);
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(run.out()).containsPattern("\\[\\d/2] acme +applied tenantstore V1, V2, V3, V4")
                .containsPattern("\\[-] globex +SKIPPED: its definition cannot be read: tenants/globex/tenant.yaml:\\d+: ")
                .contains("3 tenant(s): 1 migrated, 0 already current, 1 without database, 0 failed,"
                        + " 1 unreadable (left out) in ")
                .contains("repair the unreadable tenants' definitions, then run again");
        assertThat(tables(dir.resolve("data/tenants/acme/data.db"))).isPositive();
        assertThat(tables(dir.resolve("data/tenants/globex/data.db"))).as("not migrated").isZero();

        CliRunner info = CliRunner.run("migrate", "info", "--store", store);
        assertThat(info.exit()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(info.out()).containsPattern("globex +- +- +- +- +UNREADABLE definition: tenants/globex/tenant.yaml:")
                .contains("3 tenant(s): 1 current, 0 with migrations pending, 1 without database, 0 failed,"
                        + " 1 unreadable (left out)");
        CliRunner json = CliRunner.run("migrate", "--dry-run", "--json", "--store", store);
        assertThat(json.exit()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(json.out()).containsPattern("\"unreadable\":\\[\\{\"tenant\":\"globex\",\"message\":"
                + "\"tenants/globex/tenant.yaml:\\d+: [^\"]+\"}]");

        CliRunner list = CliRunner.run("tenants", "list", "--json", "--store", store);
        assertThat(list.exit()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(list.out()).startsWith("[").contains("\"slug\":\"acme\"").doesNotContain("globex");
        assertThat(list.err()).contains("1 more tenant(s) left out, their definition cannot be read:")
                .containsPattern("  globex: tenants/globex/tenant.yaml:\\d+: ");

        Files.writeString(file, good);
        CliRunner repaired = CliRunner.run("migrate", "--store", store);
        assertThat(repaired.exit()).as(repaired.out() + repaired.err()).isZero();
        assertThat(repaired.out()).containsPattern("\\[\\d/3] globex +applied tenantstore V1, V2, V3, V4")
                .doesNotContain("unreadable");
        assertThat(CliRunner.run("tenants", "list", "--store", store).exit()).isZero();
    }

    @Test
    void parallelOutOfRangeIsAUsageError() {
        CliRunner r = CliRunner.run("migrate", "info", "--parallel", "0", "--store", store);
        assertThat(r.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(r.err()).contains("--parallel must be between 1 and 64: 0");
    }

    /** @return how many tables the file holds (0 for a file that is absent or empty) */
    private static int tables(Path file) throws SQLException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

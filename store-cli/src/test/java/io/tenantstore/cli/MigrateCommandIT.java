package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate}, {@code --dry-run} and {@code migrate info} on PostgreSQL with schema isolation. */
class MigrateCommandIT {
    @TempDir
    Path dir;
    TestDatabase server;
    String url;
    String store;

    @BeforeEach
    void store() throws IOException {
        server = TestDatabases.postgres();
        url = server.createDatabase("cli_migrate_" + UUID.randomUUID().toString().substring(0, 8));
        Path storeYaml = dir.resolve("store.yaml");
        Files.writeString(storeYaml, "fsRoot: data\ndefaultTenantDb:\n  driver: postgres\n  url: '" + url + "'\n"
                + "  isolation: schema\n  username: " + server.username() + "\n"
                + (server.password() == null ? "" : "  password: ${TS_IT_PASSWORD}\n"));
        store = storeYaml.toString();
    }

    @Test
    void migratesEveryTenantWithProgressAndResumesAfterAFailure() throws IOException {
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
        assertThat(first.out()).containsPattern("/7] tenant-1 +applied tenantstore V1, V2, V3, V4; now at tenantstore V4")
                .contains("/7] tenant-5", "/7] docs", "skipped (no database)", "/7] broken", "FAILED",
                        "5 migrated, 0 already current, 1 without database, 1 failed", "run again");

        Files.walk(broken).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        CliRunner second = CliRunner.run("migrate", "--store", store);
        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).containsPattern("tenant-3 +already current at tenantstore V4")
                .contains("6 tenant(s): 0 migrated, 5 already current, 1 without database, 0 failed");
    }

    @Test
    void infoAndDryRunReportEachSchemaTruthfullyAndChangeNothing() throws SQLException {
        for (String slug : List.of("behind", "fresh", "failing")) {
            assertThat(CliRunner.run("tenants", "create", slug, "--store", store).exit()).isZero();
        }
        // 'behind' is at V2 of 4; 'failing' has a failed V3 recorded; 'fresh' has no schema yet
        migrateTo("t_behind", "2");
        migrateTo("t_failing", "2");
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO t_failing.ts_schema_history"
                + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
                + " VALUES (99, '3', 'user identities', 'SQL', 'V3__user_identities.sql', 0, 'test', 0, false)")) {
            ps.executeUpdate();
        }
        List<String> schemasBefore = schemas();

        CliRunner info = CliRunner.run("migrate", "info", "--store", store);
        assertThat(info.exit()).as(info.out() + info.err()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(info.out()).containsPattern("behind +tenantstore +V2 +V3, V4 +- +schema 't_behind' of jdbc:postgresql:")
                .containsPattern("fresh +tenantstore +- +V1, V2, V3, V4 +- +schema 't_fresh'")
                .containsPattern("failing +tenantstore +V2 +\\S+ +V3 +schema 't_failing'")
                .contains("3 tenant(s): 0 current, 2 with migrations pending, 0 without database, 1 failed");
        CliRunner json = CliRunner.run("migrate", "info", "--json", "--store", store);
        assertThat(json.out()).contains("{\"tenant\":\"behind\",\"status\":\"pending\",\"target\":\"schema 't_behind' of ")
                .contains("\"current\":\"2\",\"pending\":[\"3\",\"4\"],\"failed\":[]")
                .contains("{\"tenant\":\"failing\",\"status\":\"failed\"")
                .containsPattern("\"current\":\"2\",\"pending\":\\[[^]]*],\"failed\":\\[\"3\"]");

        CliRunner dry = CliRunner.run("migrate", "--dry-run", "--store", store);
        assertThat(dry.exit()).as(dry.out() + dry.err()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(dry.out()).containsPattern("behind +would apply tenantstore V3, V4 to schema 't_behind'")
                .containsPattern("fresh +would apply tenantstore V1, V2, V3, V4 to schema 't_fresh'")
                .containsPattern("failing +has FAILED migrations \\(tenantstore V3\\)")
                .contains("(dry run: nothing was changed)");
        assertThat(schemas()).isEqualTo(schemasBefore).doesNotContain("t_fresh");
        assertThat(maxVersion("t_behind")).isEqualTo(2);

        CliRunner run = CliRunner.run("migrate", "--store", store);
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(run.out()).containsPattern("behind +applied tenantstore V3, V4; now at tenantstore V4")
                .containsPattern("fresh +applied tenantstore V1, V2, V3, V4; now at tenantstore V4")
                .containsPattern("failing +FAILED MIGRATION: ")
                .contains("3 tenant(s): 2 migrated, 0 already current, 0 without database, 1 failed");
        assertThat(maxVersion("t_behind")).isEqualTo(4);
    }

    @Test
    void migrateAppliesWhatIsPendingEvenWhenTheDataSourceSaysValidate() throws IOException {
        Files.writeString(Path.of(store), Files.readString(Path.of(store)) + "  migrate: validate\n");
        assertThat(CliRunner.run("tenants", "create", "acme", "--store", store).exit()).isZero();
        CliRunner run = CliRunner.run("migrate", "--store", store);
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("acme +applied tenantstore V1, V2, V3, V4; now at tenantstore V4");
    }

    @Test
    void aSharedTargetShowsBothHistoriesAndOnlyTheFirstTenantOnItAppliesThem() throws IOException {
        // the test login is a superuser, which enforced row-level security refuses
        Files.writeString(Path.of(store), Files.readString(Path.of(store)).replace("isolation: schema",
                "isolation: shared\n  rowSecurity: advisory"));
        assertThat(CliRunner.run("tenants", "create", "acme", "--store", store).exit()).isZero();
        assertThat(CliRunner.run("tenants", "create", "globex", "--store", store).exit()).isZero();

        CliRunner info = CliRunner.run("migrate", "info", "--store", store);
        assertThat(info.exit()).as(info.out() + info.err()).isZero();
        assertThat(info.out()).containsPattern("acme +tenantstore +- +V1, V2, V3, V4 +- +default schema of jdbc:postgresql:")
                .containsPattern("acme +row-security +- +V1, V2, V3, V4, V5, V6, V7, V8, V9 +- ");

        CliRunner run = CliRunner.run("migrate", "--parallel", "2", "--store", store);
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsOnlyOnce("applied tenantstore V1, V2, V3, V4; row-security V1, V2, V3, V4, V5, V6, V7, V8, V9; now at"
                + " tenantstore V4, row-security V9")
                .containsOnlyOnce("already current at tenantstore V4, row-security V9")
                .contains("2 tenant(s): 1 migrated, 1 already current, 0 without database, 0 failed");
    }

    private void migrateTo(String schema, String version) {
        Flyway.configure().dataSource(url, server.username(), server.password()).schemas(schema).createSchemas(true)
                .table("ts_schema_history").locations("classpath:db/tenantstore/postgresql").target(version)
                .load().migrate();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, server.username(), server.password());
    }

    private List<String> schemas() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT schema_name FROM information_schema.schemata ORDER BY schema_name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private int maxVersion(String schema) throws SQLException {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT max(CAST(version AS integer)) FROM " + schema + ".ts_schema_history WHERE success")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a whole: help, enums, exit codes, --verbose, completion, output for people. */
class MainTest {
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
    void everyCommandAndSubcommandAnswersHelp() {
        CommandLine cli = Main.commandLine();
        assertThat(CliRunner.run("init", "--help").out()).contains("Usage: tenantstore init");
        assertThat(CliRunner.run("init", "--help").exit()).isZero();
        walk(cli);
    }

    private static void walk(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            String path = sub.getCommandSpec().qualifiedName(" ").substring("tenantstore ".length());
            String[] args = (path + " --help").split(" ");
            CliRunner r = CliRunner.run(args);
            assertThat(r.exit()).as(path + ": " + r.err()).isZero();
            assertThat(r.out()).as(path).contains("Usage: tenantstore " + path);
            walk(sub);
        }
    }

    @Test
    void helpShowsTheNamedSubcommandNotItsGroup() {
        CliRunner r = CliRunner.run("help", "secrets", "keygen");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: tenantstore secrets keygen").contains("--out").doesNotContain("add-key");
        CliRunner unknown = CliRunner.run("help", "secrets", "nope");
        assertThat(unknown.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(unknown.err()).contains("keygen");
    }

    @Test
    void enumOptionsAcceptAnyCase() throws IOException {
        assertThat(run("tenants", "create", "acme").exit()).isZero();
        CliRunner r = run("clients", "create", "acme", "spa", "--type", "public", "--redirect-uri",
                "https://acme.example/cb");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("spa").contains("public").doesNotContain("client secret");
        CliRunner s = run("tenants", "create", "globex", "--driver", "postgres", "--url",
                "jdbc:postgresql://db.internal:5432/app", "--isolation", "SCHEMA");
        assertThat(s.exit()).as(s.err()).isZero();
        assertThat(Files.readString(dir.resolve("tenants/globex/tenant.yaml"))).contains("isolation: schema");
    }

    @Test
    void tenantsCreateAndUpdateTakeDatabaseOptions() throws IOException {
        CliRunner c = run("tenants", "create", "acme", "--driver", "postgres", "--url",
                "jdbc:postgresql://db-7.internal:5432/acme", "--isolation", "database", "--username", "acme");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("postgres jdbc:postgresql://db-7.internal:5432/acme (database)");
        String yaml = Files.readString(dir.resolve("tenants/acme/tenant.yaml"));
        assertThat(yaml).contains("driver: postgres", "isolation: database", "username: acme");

        CliRunner u = run("tenants", "update", "acme", "--display-name", "ACME", "--no-database",
                "--session-lifetime", "8h");
        assertThat(u.exit()).as(u.err()).isZero();
        assertThat(u.out()).contains("ACME").contains("db: none").contains("v2");
        CliRunner show = run("tenants", "show", "acme");
        assertThat(show.out()).contains("session lifetime:       8h").contains("database:               none")
                .doesNotContain("PT").doesNotContain("TenantSettings[");

        CliRunner half = run("tenants", "create", "globex", "--driver", "postgres");
        assertThat(half.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(half.err()).contains("--driver and --url");
        assertThat(run("tenants", "update", "acme").exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(run("tenants", "update", "ghost", "--name", "G").exit()).isEqualTo(Main.EXIT_FAILED);
    }

    @Test
    void showPrintsDurationsForPeopleAndJsonForMachines() {
        run("tenants", "create", "acme");
        CliRunner show = run("tenants", "show", "acme");
        assertThat(show.out()).contains("session lifetime:       1d").contains("refresh token lifetime: 30d")
                .doesNotContain("PT24H").doesNotContain("[");
        CliRunner json = run("tenants", "show", "acme", "--json");
        assertThat(json.out().strip()).startsWith("{\"slug\":\"acme\"").endsWith("}")
                .contains("\"sessionLifetime\":\"1d\"", "\"clients\":0", "\"scopes\":4");
        assertThat(run("tenants", "list", "--json").out().strip()).startsWith("[{\"slug\":\"acme\"").endsWith("]");
        assertThat(run("scopes", "list", "acme", "--json").out()).contains("{\"name\":\"openid\"");
        assertThat(run("clients", "list", "acme", "--json").out().strip()).isEqualTo("[]");
        assertThat(run("stats", "--json").out()).contains("\"tenants\":1", "\"pools\":[]");
        CliRunner doctor = run("doctor", "--json");
        assertThat(doctor.exit()).isZero();
        assertThat(doctor.out()).contains("{\"tenant\":\"acme\",\"status\":\"no-database\"}", "\"healthy\":true");
    }

    @Test
    void readingCommandsCreateNoDirectoryAndSayWhereTheStoreIsMissing() {
        Path absent = dir.resolve("nothing-here");
        CliRunner r = CliRunner.run("tenants", "list", "--fs-root", absent.toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(r.err()).contains("no store here").contains("tenantstore init").contains("CONFIGURATION");
        assertThat(absent).doesNotExist();
        assertThat(CliRunner.run("doctor", "--fs-root", absent.toString()).exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(absent).doesNotExist();
    }

    @Test
    void configurationErrorsExitWithTwo() throws IOException {
        CliRunner missing = CliRunner.run("tenants", "list", "--store", dir.resolve("absent.yaml").toString());
        assertThat(missing.exit()).isEqualTo(Main.EXIT_INVALID);
        Path bad = dir.resolve("store.yaml");
        Files.writeString(bad, "fsRoot: data\nfsroot: typo\n");
        CliRunner unknownKey = CliRunner.run("tenants", "list", "--store", bad.toString());
        assertThat(unknownKey.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(unknownKey.err()).contains("fsroot");
        assertThat(CliRunner.run("tenants", "list", "--bogus").exit()).isEqualTo(Main.EXIT_INVALID);
    }

    @Test
    void anUnknownDriverNamesTheKnownAdaptersNotAGuessedArtifact() throws IOException {
        Path storeYaml = dir.resolve("store.yaml");
        Files.writeString(storeYaml, "fsRoot: data\ndefaultTenantDb: { driver: postgress, url: 'jdbc:postgresql://x/y' }\n");
        Files.createDirectories(dir.resolve("data/tenants"));
        CliRunner r = CliRunner.run("doctor", "--store", storeYaml.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Main.EXIT_INVALID);
        assertThat(r.err()).contains("postgress").contains("tenantstore-postgres)")
                .doesNotContain("tenantstore-postgress");
    }

    @Test
    void verbosePrintsTheCauseChainAndAFleetWithSomeFailuresExitsWithThree() {
        run("tenants", "create", "docs", "--no-database");
        // A closed port: the driver's cause (connection refused) is what an operator needs to see.
        run("tenants", "create", "acme", "--driver", "postgres", "--url", "jdbc:postgresql://127.0.0.1:1/acme",
                "--isolation", "database", "--username", "acme");
        CliRunner quiet = run("doctor");
        assertThat(quiet.exit()).as(quiet.out() + quiet.err()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(quiet.out()).contains("acme").contains("FAILED").doesNotContain("caused by");
        CliRunner verbose = run("doctor", "--verbose");
        assertThat(verbose.exit()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(verbose.out()).contains("caused by:");
    }

    @Test
    void completionPrintsABashScriptCoveringTheCommands() {
        CliRunner r = CliRunner.run("completion");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete -F").contains("tenants").contains("migrate").contains("keygen");
    }
}

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
        assertThat(run("tenants", "delete", "globex", "--yes").exit()).isZero();
        assertThat(run("tenants", "list").out()).contains("1 tenant(s)").doesNotContain("globex");
    }

    @Test
    void deleteAsksForConfirmationSaysDataIsKeptByDefaultAndExitsNonZeroWhenNotConfirmed() {
        run("tenants", "create", "acme");
        CliRunner refused = withInput("no\n", () -> run("tenants", "delete", "acme"));
        assertThat(refused.exit()).isEqualTo(Main.EXIT_FAILED);
        assertThat(refused.out()).contains("tenant acme (id ").contains("will be KEPT (the default; --purge deletes it)")
                .contains("type the slug 'acme' to confirm:");
        assertThat(refused.err()).contains("not confirmed: tenant acme was not deleted");
        assertThat(run("tenants", "list").out()).contains("acme");

        CliRunner eof = withInput("", () -> run("tenants", "delete", "acme", "--purge"));
        assertThat(eof.exit()).isEqualTo(Main.EXIT_FAILED);
        assertThat(eof.out()).contains("will be PURGED (--purge)");
        assertThat(run("tenants", "list").out()).contains("acme");

        CliRunner confirmed = withInput("acme\n", () -> run("tenants", "delete", "acme", "--keep-data"));
        assertThat(confirmed.exit()).as(confirmed.err()).isZero();
        assertThat(confirmed.out()).contains("will be KEPT (--keep-data)").contains("deleted tenant acme; data ");
        assertThat(run("tenants", "list").out()).contains("0 tenant(s)");
    }

    @Test
    void deleteWithYesAndPurgeOnATenantWithoutADatabaseSaysSo() {
        run("tenants", "create", "globex", "--no-database");
        CliRunner r = run("tenants", "delete", "globex", "--purge", "--yes");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("to confirm").contains("deleted tenant globex; data it had no database");
        CliRunner both = run("tenants", "delete", "globex", "--purge", "--keep-data", "--yes");
        assertThat(both.exit()).isEqualTo(Main.EXIT_INVALID);
        CliRunner ghost = run("tenants", "delete", "ghost", "--yes");
        assertThat(ghost.exit()).isEqualTo(Main.EXIT_FAILED);
        assertThat(ghost.err()).contains("TENANT_NOT_FOUND");
    }

    private static CliRunner withInput(String text, java.util.function.Supplier<CliRunner> command) {
        java.io.InputStream before = System.in;
        System.setIn(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            return command.get();
        } finally {
            System.setIn(before);
        }
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
    void statsWarmShowsProgressKeepsGoingPastATenantItCannotOpenAndCountsTheUnreadable() throws IOException {
        run("tenants", "create", "acme");
        // a closed port: this tenant's database cannot be opened
        run("tenants", "create", "down", "--driver", "postgres", "--url", "jdbc:postgresql://127.0.0.1:1/down",
                "--isolation", "database", "--username", "down");
        run("tenants", "create", "globex");
        CliRunner warm = run("stats", "--warm");
        assertThat(warm.exit()).as(warm.out() + warm.err()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(warm.err()).contains("[1/3] acme                     opened")
                .containsPattern("\\[2/3] down +FAILED UNAVAILABLE: ")
                .contains("[3/3] globex                   opened");
        assertThat(warm.out()).startsWith("tenants: 3, failed to open: 1, cached: 2,");

        Path file = dir.resolve("tenants/globex/tenant.yaml");
        Files.writeString(file, Files.readString(file) + "  broken: [unclosed\n");
        CliRunner json = run("stats", "--json");
        assertThat(json.exit()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(json.out()).startsWith("{\"tenants\":2,\"unreadable\":[{\"tenant\":\"globex\",\"message\":"
                + "\"tenants/globex/tenant.yaml:");
        assertThat(run("stats").out()).startsWith("tenants: 2 (and 1 unreadable, left out: globex), cached: 0,");
    }

    @Test
    void readerRefusesWritesWithAStoreYamlAndReadOnlyCommandsDoNotCreateAMissingControlPlane() throws IOException {
        assertThat(CliRunner.run("init", dir.toString()).exit()).isZero();
        String store = dir.resolve("store.yaml").toString();
        CliRunner refused = CliRunner.run("tenants", "create", "acme", "--reader", "--store", store);
        assertThat(refused.exit()).as(refused.out() + refused.err()).isNotZero();
        assertThat(refused.err()).contains("read-only");
        assertThat(dir.resolve("data/tenants/acme")).doesNotExist();
        assertThat(CliRunner.run("tenants", "create", "acme", "--store", store).exit()).isZero();

        // the control plane's volume not mounted: a read shows an error, not an empty store
        java.nio.file.Files.move(dir.resolve("data"), dir.resolve("unmounted"));
        for (String[] command : new String[][] {{"tenants", "list"}, {"doctor"}, {"stats"}, {"migrate", "info"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                    java.util.stream.Stream.of("--store", store)).toArray(String[]::new);
            CliRunner r = CliRunner.run(args);
            assertThat(r.exit()).as(String.join(" ", command) + ": " + r.out() + r.err()).isEqualTo(Main.EXIT_INVALID);
            assertThat(r.err()).contains("no control plane directory " + dir.resolve("data"));
        }
        assertThat(dir.resolve("data")).doesNotExist();
        // an empty volume mounted there: the same, and nothing is created in it
        java.nio.file.Files.createDirectories(dir.resolve("data"));
        CliRunner empty = CliRunner.run("tenants", "list", "--store", store);
        assertThat(empty.exit()).as(empty.out() + empty.err()).isEqualTo(Main.EXIT_INVALID);
        assertThat(empty.err()).contains("no control plane directory " + dir.resolve("data/tenants"));
        assertThat(dir.resolve("data/tenants")).doesNotExist();
    }

    @Test
    void updateOfTheDatabaseChangesOnlyWhatIsGiven() throws IOException {
        assertThat(run("tenants", "create", "own", "--driver", "postgres", "--url", "jdbc:postgresql://127.0.0.1:1/own",
                "--isolation", "schema", "--schema", "t_own", "--username", "a").exit()).isZero();
        Path file = dir.resolve("tenants/own/tenant.yaml");
        // what the CLI cannot set, written by hand: it must survive an update of the URL
        Files.writeString(file, Files.readString(file).replace("  username: a\n",
                "  username: a\n  migrate: validate\n  properties: { connectTimeout: '5' }\n"));
        CliRunner url = run("tenants", "update", "own", "--url", "jdbc:postgresql://127.0.0.1:2/own");
        assertThat(url.exit()).as(url.out() + url.err()).isZero();
        String after = Files.readString(file);
        assertThat(after).contains("jdbc:postgresql://127.0.0.1:2/own", "isolation: schema", "schema: t_own",
                "username: a", "migrate: validate", "connectTimeout").doesNotContain(":1/own");
        CliRunner user = run("tenants", "update", "own", "--username", "b");
        assertThat(user.exit()).as(user.out() + user.err()).isZero();
        assertThat(Files.readString(file)).contains("username: b", "jdbc:postgresql://127.0.0.1:2/own",
                "migrate: validate", "isolation: schema");
        // another engine is a new placement too: nothing of the PostgreSQL block carries over
        Files.writeString(file, Files.readString(file).replace("  migrate: validate\n",
                "  migrate: validate\n  rowSecurity: advisory\n"));
        CliRunner moved = run("tenants", "update", "own", "--driver", "mysql", "--url", "jdbc:mysql://127.0.0.1:3/own");
        assertThat(moved.exit()).as(moved.out() + moved.err()).isZero();
        assertThat(Files.readString(file)).contains("driver: mysql", "jdbc:mysql://127.0.0.1:3/own")
                .doesNotContain("rowSecurity", "migrate: validate", "connectTimeout", "username: b", "schema: t_own");
        CliRunner half = run("tenants", "update", "own", "--driver", "postgres");
        assertThat(half.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(half.err()).contains("both --driver and --url");
        // a new placement is given whole
        assertThat(run("tenants", "update", "own", "--default-database").exit()).isZero();
        assertThat(Files.readString(file)).doesNotContain("postgres", "connectTimeout");
    }

    @Test
    void doctorReadsEveryControlPlaneFileAndNamesADamagedOne() throws IOException {
        run("tenants", "create", "acme");
        run("tenants", "create", "globex");
        Files.writeString(dir.resolve("tenants/globex/clients.yaml"), "clients: [unclosed\n");
        CliRunner r = run("doctor");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(r.out()).contains("[1/2] acme                     ok")
                .containsPattern("\\[2/2] globex +FAILED INVALID_INPUT: tenants/globex/clients.yaml:\\d+: ");

        Files.writeString(dir.resolve("tenants/globex/clients.yaml"), "clients: []\n");
        Files.writeString(dir.resolve("admins.yaml"), "admins: [unclosed\n");
        CliRunner admins = run("doctor");
        assertThat(admins.exit()).as(admins.out() + admins.err()).isEqualTo(Main.EXIT_FAILED);
        assertThat(admins.out()).contains("[2/2] globex                   ok").contains("FAILED administrators: ")
                .contains("admins.yaml");
    }

    @Test
    void initWritesAStoreYamlThatOpens() throws IOException {
        CliRunner init = CliRunner.run("init", dir.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        // A keyring from the start: TOTP seeds and enc: values need one.
        assertThat(Files.readString(dir.resolve("store.yaml"))).contains("secrets: { keyset: file:keyset.json }");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("keyset.json")))).isEqualTo("rw-------");
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

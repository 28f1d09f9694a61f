package io.tenantstore.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import io.tenantstore.StoreException;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.ClientType;
import io.tenantstore.model.Consent;
import io.tenantstore.model.NewClient;
import io.tenantstore.model.NewRefreshToken;
import io.tenantstore.model.NewRole;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.RefreshToken;
import io.tenantstore.model.Scope;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.User;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tenantstore quickstart}: the whole product on the embedded default, with nothing
 * installed. Writes what {@code tenantstore init} writes (a store.yaml whose tenants live in SQLite
 * files under the control plane, and a keyset) into a fresh directory, opens it, and shows for two
 * tenants: users and passwords, refresh-token rotation and reuse detection, MFA enrolment, roles
 * with inheritance, consents, clients, scopes and the cache, and that neither tenant sees the
 * other's rows. Not thread-safe.
 */
@Command(name = "quickstart", description = "Run a demo on the embedded default (SQLite files, no server): two"
        + " tenants with users, passwords, refresh tokens, MFA, roles, consents, clients and scopes.")
final class QuickstartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", description = "directory for the demo's store (default: a new temporary one)")
    @Nullable Path dir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path root = dir != null ? dir : Files.createTempDirectory("tenantstore-quickstart-");
        if (Files.isDirectory(root.resolve("tenants")) && !isEmpty(root.resolve("tenants"))) {
            throw new InvalidInputException("quickstart needs an empty directory; " + root + " already holds tenants");
        }
        Path storeYaml = InitCommand.write(root, ".");
        out.println("TenantStore quickstart in " + root.toAbsolutePath());
        out.println("wrote " + root.relativize(storeYaml) + " as `tenantstore init` does: tenants in SQLite files"
                + " (tenants/<slug>/data.db), secrets under " + InitCommand.KEYSET_FILE);
        try (DataAccessLayer store = TenantStore.open(storeYaml)) {
            out.println("mode " + store.mode());
            run(store, root, out);
        }
        return 0;
    }

    private static void run(DataAccessLayer store, Path root, PrintWriter out) throws IOException {
        out.println();
        out.println("1. tenants (control plane: YAML files)");
        store.config().tenants().create(NewTenant.of("acme", "Acme Inc"));
        Tenant globexTenant = store.config().tenants().create(NewTenant.of("globex", "Globex Corporation"));
        for (Tenant t : store.config().tenants().list()) {
            out.println("   " + TenantsCommand.describe(t));
        }
        TenantDataAccess acme = store.forTenant("acme");
        TenantDataAccess globex = store.forTenant(globexTenant.id());

        out.println();
        out.println("2. users and passwords (Argon2id); the same email in both tenants");
        String ana = "ana@example.com";
        User anaAcme = acme.users().create(io.tenantstore.model.NewUser.of(ana,
                store.passwordHasher().hash("correct horse battery".toCharArray())));
        User anaGlobex = globex.users().create(io.tenantstore.model.NewUser.of(ana,
                store.passwordHasher().hash("globex staple".toCharArray())));
        out.println("   acme:   created " + anaAcme.email() + " id " + anaAcme.id());
        out.println("   globex: created " + anaGlobex.email() + " id " + anaGlobex.id());
        out.println("   acme password check, right password:  "
                + acme.users().checkPassword(anaAcme.id(), "correct horse battery".toCharArray()));
        out.println("   acme password check, wrong password:  "
                + acme.users().checkPassword(anaAcme.id(), "globex staple".toCharArray()));

        out.println();
        out.println("3. refresh tokens (stored as hashes; a rotated token presented again revokes its family)");
        String first = ClientsCommand.generateSecret();
        String second = ClientsCommand.generateSecret();
        RefreshToken issued = acme.tokens().create(new NewRefreshToken(sha256(first), anaAcme.id(), "web",
                List.of("openid", "offline_access"), Duration.ofDays(30)));
        out.println("   issued token 1, family " + issued.familyId());
        RefreshToken rotated = acme.tokens().rotate(sha256(first), sha256(second), Duration.ofDays(30));
        out.println("   rotated token 1 -> token 2, same family: " + rotated.familyId().equals(issued.familyId()));
        try {
            acme.tokens().rotate(sha256(first), sha256(ClientsCommand.generateSecret()), Duration.ofDays(30));
            out.println("   presenting token 1 again: accepted (unexpected)");
        } catch (StoreException e) {
            out.println("   presenting token 1 again: " + e.code() + " (" + e.getMessage() + ")");
        }
        boolean secondRevoked = acme.tokens().getByHash(sha256(second)).map(t -> t.revokedAt() != null).orElse(false);
        out.println("   token 2 revoked with its family: " + secondRevoked);

        out.println();
        out.println("4. MFA (the TOTP seed is stored encrypted with the keyset; recovery codes work once)");
        acme.mfa().upsertTotp(anaAcme.id(), Secret.of("JBSWY3DPEHPK3PXP"));
        out.println("   TOTP enrolled, confirmed: " + acme.mfa().confirmTotp(anaAcme.id()));
        acme.mfa().setRecoveryCodes(anaAcme.id(), List.of(sha256("code-1"), sha256("code-2")));
        out.println("   recovery code used once: " + acme.mfa().useRecoveryCode(anaAcme.id(), sha256("code-1"))
                + ", twice: " + acme.mfa().useRecoveryCode(anaAcme.id(), sha256("code-1"))
                + ", codes left: " + acme.mfa().remainingRecoveryCodes(anaAcme.id()));

        out.println();
        out.println("5. roles with inheritance");
        acme.rbac().createRole(new NewRole("viewer", "Reads documents", Set.of("docs:read"), List.of(), false));
        acme.rbac().createRole(new NewRole("editor", "Edits documents", Set.of("docs:write"), List.of("viewer"), false));
        acme.rbac().assignRole(anaAcme.id(), "editor");
        out.println("   editor inherits viewer; ana is an editor; her permissions: "
                + new TreeSet<>(acme.rbac().userPermissions(anaAcme.id())));

        out.println();
        out.println("6. consents");
        Consent consent = acme.consents().upsert(anaAcme.id(), "web", Set.of("openid", "profile"));
        out.println("   ana consented to client web for " + new TreeSet<>(consent.scopes()) + ", active: " + consent.active());

        out.println();
        out.println("7. clients, scopes and cache (control plane and per-tenant cache)");
        String acmeSecret = ClientsCommand.generateSecret();
        acme.clients().create(new NewClient("web", "Acme web app", ClientType.CONFIDENTIAL,
                List.of("https://acme.example/callback"), List.of("https://acme.example"),
                List.of("openid", "profile", "email", "billing"), List.of("authorization_code", "refresh_token"),
                Secret.of(acmeSecret)));
        acme.scopes().create(new Scope("billing", "Read and pay invoices", false));
        globex.clients().create(new NewClient("web", "Globex SPA", ClientType.PUBLIC,
                List.of("https://globex.example/cb", "http://localhost:3000/cb"), List.of("https://globex.example"),
                List.of("openid", "profile"), List.of("authorization_code"), null));
        for (TenantDataAccess t : List.of(acme, globex)) {
            t.clients().list().forEach(c -> out.println("   " + t.slug() + ": " + ClientsCommand.describe(c)));
        }
        acme.scopes().list().stream().filter(s -> !s.system())
                .forEach(s -> out.println("   acme: " + ScopesCommand.describe(s)));
        out.println("   acme/web with the right secret: " + acme.clients().verifySecret("web", acmeSecret)
                + ", with a wrong one: " + acme.clients().verifySecret("web", "guess"));
        acme.cache().set("greeting", "hello from acme", Duration.ofMinutes(5));
        out.println("   acme.cache().get(\"greeting\")   = " + acme.cache().get("greeting").orElse("(absent)"));
        out.println("   globex.cache().get(\"greeting\") = " + globex.cache().get("greeting").orElse("(absent)"));

        out.println();
        out.println("8. neither tenant sees the other's rows");
        out.println("   globex reads acme's ana by id:        " + found(globex.users().getById(anaAcme.id()).isPresent()));
        out.println("   globex reads acme's token 2:          " + found(globex.tokens().getByHash(sha256(second)).isPresent()));
        out.println("   globex reads acme's TOTP for ana:     " + found(globex.mfa().getTotp(anaAcme.id()).isPresent()));
        out.println("   globex roles:                         " + globex.rbac().listRoles().size());
        out.println("   globex consents of acme's ana:        " + globex.consents().listByUser(anaAcme.id(), false).size());
        out.println("   acme reads globex's ana by id:        " + found(acme.users().getById(anaGlobex.id()).isPresent()));
        out.println("   users in acme's file (own SQL):       " + countUsers(acme.unwrap(DataSource.class)));
        out.println("   users in globex's file (own SQL):     " + countUsers(globex.unwrap(DataSource.class)));

        out.println();
        out.println("files written:");
        List<String> written = new ArrayList<>();
        listFiles(root, root, written);
        written.stream().sorted().forEach(f -> out.println("   " + f));
        out.println();
        out.println("done: " + store.config().tenants().list().size() + " tenants (acme, globex); look again with:"
                + " tenantstore tenants list --store " + root.resolve("store.yaml"));
    }

    private static String found(boolean present) {
        return present ? "FOUND (isolation broken)" : "not found";
    }

    private static long countUsers(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM ts_users")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException(io.tenantstore.ErrorCode.INTERNAL, "counting users failed", e);
        }
    }

    /** @return the SHA-256 of {@code text} in hex: how an application stores tokens and codes */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Collects the regular files under {@code dir}, leaving out SQLite's write-ahead log and shared
     * memory files: the pools close their connections in the background, and SQLite deletes those
     * files when the last connection of a database closes, so they may vanish while the tree is read.
     */
    private static void listFiles(Path root, Path dir, List<String> into) throws IOException {
        try (var entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.endsWith("-wal") || name.endsWith("-shm") || name.endsWith("-journal")) {
                    continue;
                }
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    listFiles(root, p, into);
                } else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    into.add(root.relativize(p).toString());
                }
            }
        }
    }

    private static boolean isEmpty(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

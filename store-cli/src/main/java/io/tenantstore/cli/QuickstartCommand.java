package io.tenantstore.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.NoDatabaseException;
import io.tenantstore.Secret;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.fs.FsSecrets;
import io.tenantstore.model.ClientType;
import io.tenantstore.model.NewClient;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Scope;
import io.tenantstore.model.Tenant;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tenantstore quickstart}: a guided run on the embedded default (a YAML control plane in a
 * fresh directory, no database server needed): two tenants, their clients and scopes, listed back,
 * with the isolation between them shown. Not thread-safe.
 */
@Command(name = "quickstart", description = "Run a demo on the embedded default: two tenants with clients and"
        + " scopes in a fresh control plane (no database server needed).")
final class QuickstartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", description = "directory for the demo's control plane (default: a new temporary one)")
    @Nullable Path dir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path root = dir != null ? dir : Files.createTempDirectory("tenantstore-quickstart-");
        if (Files.isDirectory(root.resolve("tenants")) && !isEmpty(root.resolve("tenants"))) {
            throw new io.tenantstore.InvalidInputException("quickstart needs an empty directory; " + root
                    + " already holds tenants");
        }
        out.println("TenantStore quickstart: control plane in " + root.toAbsolutePath());
        // The demo's own keyring (owner-only file): stored TOTP seeds and enc: values need one.
        Path keyset = root.resolve("keyset.json");
        if (!Files.exists(keyset)) {
            FsSecrets.writeOwnerOnly(keyset, Keyring.generate().exportJson().reveal());
        }
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root).secrets(Keyring.fromFile(keyset))
                .noBackgroundMaintenance().build()) {
            out.println("mode " + store.mode() + " (no database configured; users and tokens need one)");
            out.println();

            Tenant acme = store.config().tenants().create(NewTenant.of("acme", "Acme Inc"));
            Tenant globex = store.config().tenants().create(NewTenant.of("globex", "Globex Corporation"));
            out.println("1. created tenants");
            for (Tenant t : store.config().tenants().list()) {
                out.println("   " + TenantsCommand.describe(t));
            }

            String acmeSecret = ClientsCommand.generateSecret();
            TenantDataAccess acmeAccess = store.forTenant("acme");
            acmeAccess.clients().create(new NewClient("web", "Acme web app", ClientType.CONFIDENTIAL,
                    List.of("https://acme.example/callback"), List.of("https://acme.example"),
                    List.of("openid", "profile", "email", "billing"), List.of("authorization_code", "refresh_token"),
                    Secret.of(acmeSecret)));
            acmeAccess.scopes().create(new Scope("billing", "Read and pay invoices", false));
            TenantDataAccess globexAccess = store.forTenant(globex.id());
            globexAccess.clients().create(new NewClient("web", "Globex SPA", ClientType.PUBLIC,
                    List.of("https://globex.example/cb", "http://localhost:3000/cb"), List.of("https://globex.example"),
                    List.of("openid", "profile"), List.of("authorization_code"), null));
            out.println();
            out.println("2. both tenants have a client named 'web'; each sees only its own");
            for (TenantDataAccess t : List.of(acmeAccess, globexAccess)) {
                t.clients().list().forEach(c -> out.println("   " + t.slug() + ": " + ClientsCommand.describe(c)));
            }

            out.println();
            out.println("3. scopes (system scopes are created with every tenant and cannot be deleted)");
            for (TenantDataAccess t : List.of(acmeAccess, globexAccess)) {
                t.scopes().list().forEach(s -> out.println("   " + t.slug() + ": " + ScopesCommand.describe(s)));
            }

            out.println();
            out.println("4. client secrets are stored hashed; verification is constant-time");
            out.println("   acme/web with the right secret: " + acmeAccess.clients().verifySecret("web", acmeSecret));
            out.println("   acme/web with a wrong secret:   " + acmeAccess.clients().verifySecret("web", "guess"));
            out.println("   globex/web (public, no secret): " + globexAccess.clients().verifySecret("web", acmeSecret));

            out.println();
            out.println("5. the per-tenant cache is namespaced");
            acmeAccess.cache().set("greeting", "hello from acme", Duration.ofMinutes(5));
            out.println("   acme.cache().get(\"greeting\")   = " + acmeAccess.cache().get("greeting").orElse("(absent)"));
            out.println("   globex.cache().get(\"greeting\") = " + globexAccess.cache().get("greeting").orElse("(absent)"));

            out.println();
            out.println("6. without a database, data-plane calls fail with a typed error");
            try {
                acmeAccess.users().getByEmail("ana@acme.example");
            } catch (NoDatabaseException e) {
                out.println("   " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }

            out.println();
            out.println("files written:");
            try (var files = Files.walk(root.resolve("tenants"))) {
                files.filter(Files::isRegularFile).sorted()
                        .forEach(f -> out.println("   " + root.relativize(f)));
            }
            out.println();
            out.println("done: " + store.config().tenants().list().size() + " tenants (" + acme.slug() + ", "
                    + globex.slug() + "); inspect them with: tenantstore tenants list --fs-root " + root);
        }
        return 0;
    }

    private static boolean isEmpty(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.tenantstore.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.DataRetention;
import io.tenantstore.InvalidInputException;
import io.tenantstore.TenantDeletion;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tenantstore tenants ...}: list, create, show and delete tenants. Not thread-safe. */
@Command(name = "tenants", description = "List, create, show and delete tenants.",
        subcommands = {TenantsCommand.ListTenants.class, TenantsCommand.CreateTenant.class,
            TenantsCommand.ShowTenant.class, TenantsCommand.DeleteTenant.class})
final class TenantsCommand {

    static String describe(Tenant t) {
        String db;
        if (t.database() instanceof TenantDatabase.Own own) {
            db = own.config().driver() + " " + own.config().url() + " (" + own.config().isolation().yamlName() + ")";
        } else if (t.database() instanceof TenantDatabase.NoDatabase) {
            db = "none";
        } else {
            db = "default";
        }
        return String.format("%-24s %-36s v%-3d %-24s db: %s", t.slug(), t.id(), t.version(), t.displayName(), db);
    }

    @Command(name = "list", description = "List every tenant.")
    static final class ListTenants extends StoreCommand {

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            List<Tenant> tenants = dal.config().tenants().list();
            tenants.forEach(t -> out.println(describe(t)));
            out.println(tenants.size() + " tenant(s)");
            return 0;
        }
    }

    @Command(name = "create", description = "Create a tenant on the default database.")
    static final class CreateTenant extends StoreCommand {
        @Parameters(index = "0", paramLabel = "SLUG", description = "lower-case letters, digits and '-'")
        String slug;
        @Option(names = "--name", description = "full name (default: the slug)")
        String name;
        @Option(names = "--display-name", description = "name shown to users (default: the name)")
        String displayName;
        @Option(names = "--no-database", description = "the tenant has no database (database: none)")
        boolean noDatabase;

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            String n = name != null ? name : slug;
            Tenant t = dal.config().tenants().create(new NewTenant(slug, n, displayName != null ? displayName : n,
                    TenantSettings.DEFAULTS, noDatabase ? TenantDatabase.none() : TenantDatabase.useDefault()));
            out.println("created " + describe(t));
            return 0;
        }
    }

    @Command(name = "show", description = "Show one tenant.")
    static final class ShowTenant extends StoreCommand {
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            Tenant t = dal.config().tenants().getBySlug(slug)
                    .orElseThrow(() -> new TenantNotFoundException("no tenant '" + slug + "'"));
            out.println(describe(t));
            out.println("  name:        " + t.name());
            out.println("  created:     " + t.createdAt() + ", updated: " + t.updatedAt());
            out.println("  settings:    " + t.settings());
            out.println("  clients:     " + dal.config().clients(slug).list().size()
                    + ", scopes: " + dal.config().scopes(slug).list().size());
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a tenant with its clients and scopes. Its data is kept unless"
            + " --purge is given; asks for confirmation unless --yes.")
    static final class DeleteTenant extends StoreCommand {
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;
        @Option(names = "--purge", description = "also delete its data: drop its schema (or the database the store"
                + " created for it), delete its rows in shared tables")
        boolean purge;
        @Option(names = "--keep-data", description = "keep its rows, schema or database (the default)")
        boolean keepData;
        @Option(names = "--yes", description = "do not ask for confirmation")
        boolean yes;

        @Override
        int run(DataAccessLayer dal, PrintWriter out) throws IOException {
            if (purge && keepData) {
                throw new InvalidInputException("give --purge or --keep-data, not both");
            }
            DataRetention retention = purge ? DataRetention.PURGE : DataRetention.KEEP;
            Tenant t = dal.config().tenants().getBySlug(slug)
                    .orElseThrow(() -> new TenantNotFoundException("no tenant '" + slug + "'"));
            out.println("tenant " + t.slug() + " (id " + t.id() + ") will be deleted with its clients and scopes.");
            out.println(retention == DataRetention.PURGE
                    ? "its data will be PURGED (--purge): " + whereData(t) + " will be deleted; this cannot be undone"
                    : "its data will be KEPT (" + (keepData ? "--keep-data" : "the default; --purge deletes it") + "): "
                    + whereData(t) + " stays; a new tenant with this slug gets a new id and does not see it");
            if (!yes) {
                out.print("type the slug '" + t.slug() + "' to confirm: ");
                out.flush();
                // System.in is read without closing it: the process may still need it.
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (answer == null || !answer.strip().equals(t.slug())) {
                    out.println();
                    spec.commandLine().getErr().println("not confirmed: tenant " + t.slug() + " was not deleted"
                            + " (type its slug, or pass --yes)");
                    return Main.EXIT_FAILED;
                }
            }
            TenantDeletion d = dal.deleteTenant(slug, retention);
            out.println("deleted tenant " + d.slug() + "; data " + d.data());
            return 0;
        }

        private static String whereData(Tenant t) {
            if (t.database() instanceof TenantDatabase.Own own) {
                return "its rows on " + own.config().url() + " (" + own.config().isolation().yamlName() + " isolation)";
            }
            if (t.database() instanceof TenantDatabase.NoDatabase) {
                return "nothing (it has no database)";
            }
            return "its rows on the default tenant database";
        }
    }
}

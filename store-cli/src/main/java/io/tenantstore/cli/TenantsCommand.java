package io.tenantstore.cli;

import java.io.PrintWriter;
import java.util.List;

import io.tenantstore.DataAccessLayer;
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

    @Command(name = "delete", description = "Delete a tenant with its clients and scopes (not its database).")
    static final class DeleteTenant extends StoreCommand {
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            if (!dal.config().tenants().delete(slug)) {
                throw new TenantNotFoundException("no tenant '" + slug + "'");
            }
            out.println("deleted tenant " + slug);
            return 0;
        }
    }
}

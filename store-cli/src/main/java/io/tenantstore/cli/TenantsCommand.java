package io.tenantstore.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.DataRetention;
import io.tenantstore.DbConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.TenantDeletion;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.core.yaml.Durations;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tenantstore tenants ...}: list, create, show, update and delete tenants. Not thread-safe. */
@Command(name = "tenants", description = "List, create, show, update and delete tenants.",
        subcommands = {TenantsCommand.ListTenants.class, TenantsCommand.CreateTenant.class,
            TenantsCommand.ShowTenant.class, TenantsCommand.UpdateTenant.class, TenantsCommand.DeleteTenant.class})
final class TenantsCommand {

    static String describe(Tenant t) {
        return String.format("%-24s %-36s v%-3d %-24s db: %s", t.slug(), t.id(), t.version(), t.displayName(),
                Human.database(t));
    }

    /** Where a tenant's rows live, as options shared by create and update. */
    static final class DatabaseOptions {
        @Option(names = "--driver", paramLabel = "NAME", description = "the tenant's own database: adapter name"
                + " (postgres, mysql, mongodb, ...); needs --url")
        @Nullable String driver;
        @Option(names = "--url", paramLabel = "URL", description = "the tenant's own database: JDBC URL or MongoDB"
                + " connection string; needs --driver")
        @Nullable String url;
        @Option(names = "--isolation", paramLabel = "ISOLATION", description = "database, schema or shared"
                + " (default: shared); with --driver/--url")
        @Nullable Isolation isolation;
        @Option(names = "--schema", paramLabel = "NAME", description = "schema (or MySQL database) name for"
                + " isolation schema (default: t_<slug>)")
        @Nullable String schema;
        @Option(names = "--username", paramLabel = "USER", description = "database login of the tenant's own"
                + " database (the password goes into tenant.yaml as $${ENV} or enc:, see docs/configuration.md)")
        @Nullable String username;
        @Option(names = "--no-database", description = "the tenant has no database (database: none)")
        boolean noDatabase;
        @Option(names = "--default-database", description = "the tenant uses the store's defaultTenantDb")
        boolean defaultDatabase;

        boolean given() {
            return driver != null || url != null || isolation != null || schema != null || username != null
                    || noDatabase || defaultDatabase;
        }

        TenantDatabase database() {
            int kinds = (noDatabase ? 1 : 0) + (defaultDatabase ? 1 : 0) + (driver != null || url != null ? 1 : 0);
            if (kinds > 1) {
                throw new InvalidInputException("give one of --no-database, --default-database or --driver/--url");
            }
            if (noDatabase) {
                return TenantDatabase.none();
            }
            if (driver == null && url == null) {
                if (isolation != null || schema != null || username != null) {
                    throw new InvalidInputException("--isolation, --schema and --username describe the tenant's own"
                            + " database: give --driver and --url with them");
                }
                return TenantDatabase.useDefault();
            }
            if (driver == null || url == null) {
                throw new InvalidInputException("a tenant's own database needs both --driver and --url");
            }
            DbConfig.Builder b = DbConfig.builder(driver, url);
            if (isolation != null) {
                b.isolation(isolation);
            }
            b.schema(schema);
            b.username(username);
            return TenantDatabase.own(b.build());
        }

        /**
         * For update: the options given change the tenant's own database block and leave the rest
         * of it (password, pool, properties, owner, migrate mode, isolation, schema) as it is; a
         * change of driver starts the block anew from the options given.
         *
         * @param current the tenant's database now
         * @return the database to write
         */
        TenantDatabase changed(TenantDatabase current) {
            boolean own = driver != null || url != null || isolation != null || schema != null || username != null;
            if (!own || noDatabase || defaultDatabase || !(current instanceof TenantDatabase.Own o)
                    || driver != null && !driver.equals(o.config().driver())) {
                // a new placement, all of it given here: another engine keeps none of the old one's
                // logins, properties, row security or spare schemas
                return database();
            }
            DbConfig c = o.config();
            DbConfig.Builder b = c.toBuilder(driver != null ? driver : c.driver(), url != null ? url : c.url());
            if (isolation != null) {
                b.isolation(isolation);
            }
            if (schema != null) {
                b.schema(schema);
            }
            if (username != null) {
                b.username(username);
            }
            return TenantDatabase.own(b.build());
        }
    }

    @Command(name = "list", description = "List every tenant. Exit 3 when some tenants' definitions cannot be read"
            + " (they are named on the error stream).")
    static final class ListTenants extends StoreCommand {
        @Option(names = "--json", description = "print a JSON array")
        boolean json;

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            List<Tenant> tenants = dal.config().tenants().list();
            java.util.Map<String, String> unreadable = dal.config().tenants().unreadable();
            if (json) {
                out.println(Json.write(tenants.stream().map(Human::json).toList()));
            } else {
                tenants.forEach(t -> out.println(describe(t)));
                out.println(tenants.size() + " tenant(s)");
            }
            if (unreadable.isEmpty()) {
                return Main.EXIT_OK;
            }
            // on the error stream, so the JSON stays a plain array
            PrintWriter err = spec.commandLine().getErr();
            err.println(unreadable.size() + " more tenant(s) left out, their definition cannot be read:");
            unreadable.forEach((slug, why) -> err.println("  " + slug + ": " + why));
            err.flush();
            return tenants.isEmpty() ? Main.EXIT_FAILED : Main.EXIT_PARTIAL;
        }
    }

    @Command(name = "create", description = "Create a tenant: on the default database unless told otherwise.")
    static final class CreateTenant extends StoreCommand {
        @Parameters(index = "0", paramLabel = "SLUG", description = "lower-case letters, digits and '-'")
        String slug;
        @Option(names = "--name", description = "full name (default: the slug)")
        @Nullable String name;
        @Option(names = "--display-name", description = "name shown to users (default: the name)")
        @Nullable String displayName;
        @Mixin
        DatabaseOptions db;

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            String n = name != null ? name : slug;
            Tenant t = dal.config().tenants().create(new NewTenant(slug, n, displayName != null ? displayName : n,
                    TenantSettings.DEFAULTS, db.database()));
            out.println("created " + describe(t));
            return Main.EXIT_OK;
        }
    }

    @Command(name = "show", description = "Show one tenant.")
    static final class ShowTenant extends StoreCommand {
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;
        @Option(names = "--json", description = "print a JSON object")
        boolean json;

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            Tenant t = dal.config().tenants().getBySlug(slug)
                    .orElseThrow(() -> new TenantNotFoundException("no tenant '" + slug + "'"));
            int clients = dal.config().clients(slug).list().size();
            int scopes = dal.config().scopes(slug).list().size();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>(Human.json(t));
                m.put("clients", clients);
                m.put("scopes", scopes);
                out.println(Json.write(m));
                return Main.EXIT_OK;
            }
            out.println(t.slug() + " (" + t.displayName() + ")");
            out.print(Human.line("id", String.valueOf(t.id())));
            out.print(Human.line("name", String.valueOf(t.name())));
            out.print(Human.line("version", String.valueOf(t.version())));
            out.print(Human.line("created", String.valueOf(t.createdAt() + ", updated: " + t.updatedAt())));
            out.print(Human.line("database", String.valueOf(Human.database(t))));
            out.println(Human.settings(t.settings()));
            out.print(Human.line("clients", clients + ", scopes: " + scopes));
            return Main.EXIT_OK;
        }
    }

    @Command(name = "update", description = "Change a tenant's names, database or main settings; what is not given"
            + " stays as it is.")
    static final class UpdateTenant extends StoreCommand {
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;
        @Option(names = "--name", description = "new full name")
        @Nullable String name;
        @Option(names = "--display-name", description = "new display name")
        @Nullable String displayName;
        @Option(names = "--language", paramLabel = "TAG", description = "BCP 47 language tag, e.g. en or pt-BR")
        @Nullable String language;
        @Option(names = "--session-lifetime", paramLabel = "DURATION", description = "e.g. 24h, 30m")
        @Nullable String sessionLifetime;
        @Option(names = "--refresh-token-lifetime", paramLabel = "DURATION", description = "e.g. 30d")
        @Nullable String refreshTokenLifetime;
        @Option(names = "--mfa-enabled", paramLabel = "true|false", arity = "1", description = "offer MFA")
        @Nullable Boolean mfaEnabled;
        @Mixin
        DatabaseOptions db;

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            Tenant t = dal.config().tenants().getBySlug(slug)
                    .orElseThrow(() -> new TenantNotFoundException("no tenant '" + slug + "'"));
            boolean settingsGiven = language != null || sessionLifetime != null || refreshTokenLifetime != null
                    || mfaEnabled != null;
            if (name == null && displayName == null && !db.given() && !settingsGiven) {
                throw new InvalidInputException("nothing to update: give at least one option (see tenants update"
                        + " --help)");
            }
            Tenant next = t;
            if (name != null) {
                next = next.withName(name);
            }
            if (displayName != null) {
                next = next.withDisplayName(displayName);
            }
            if (db.given()) {
                next = next.withDatabase(db.changed(t.database()));
            }
            if (settingsGiven) {
                TenantSettings s = t.settings();
                next = next.withSettings(new TenantSettings(language != null ? language : s.language(),
                        sessionLifetime != null ? parseDuration("--session-lifetime", sessionLifetime)
                                : s.sessionLifetime(),
                        refreshTokenLifetime != null ? parseDuration("--refresh-token-lifetime", refreshTokenLifetime)
                                : s.refreshTokenLifetime(),
                        mfaEnabled != null ? mfaEnabled : s.mfaEnabled(), s.security(), s.smtp()));
            }
            Tenant stored = dal.config().tenants().update(next);
            out.println("updated " + describe(stored));
            return Main.EXIT_OK;
        }

        private static java.time.Duration parseDuration(String option, String text) {
            try {
                return Durations.parse(text);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(option + ": " + e.getMessage(), e);
            }
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
        boolean writes() {
            return true;
        }

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

package io.tenantstore.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.model.Admin;
import io.tenantstore.model.NewAdmin;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tenantstore admins ...}: administrators of the control plane. Not thread-safe. */
@Command(name = "admins", description = "List, add and remove administrators (global or of one tenant).",
        subcommands = {AdminsCommand.ListAdmins.class, AdminsCommand.AddAdmin.class, AdminsCommand.RemoveAdmin.class})
final class AdminsCommand {

    static String describe(Admin a) {
        String login = a.hasPassword() ? "password" : a.provider() + " " + a.subject();
        return String.format("%-32s %-16s %-24s %s", a.username(), a.isGlobal() ? "(global)" : a.tenant(),
                String.join(",", a.roles().stream().sorted().toList()), login);
    }

    @Command(name = "list", description = "List administrators, all or those of one tenant.")
    static final class ListAdmins extends StoreCommand {
        @Option(names = "--tenant", paramLabel = "SLUG", description = "only the administrators of this tenant")
        @Nullable String tenant;
        @Option(names = "--json", description = "print a JSON array")
        boolean json;

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            List<Admin> admins = tenant == null ? dal.config().admins().list()
                    : dal.config().admins().listForTenant(tenant);
            if (json) {
                out.println(Json.write(admins.stream().map(a -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("username", a.username());
                    m.put("tenant", a.tenant());
                    m.put("roles", a.roles().stream().sorted().toList());
                    m.put("password", a.hasPassword());
                    m.put("provider", a.provider());
                    m.put("subject", a.subject());
                    m.put("version", a.version());
                    return m;
                }).toList()));
                return Main.EXIT_OK;
            }
            admins.forEach(a -> out.println(describe(a)));
            out.println(admins.size() + " administrator(s)");
            return Main.EXIT_OK;
        }
    }

    @Command(name = "add", description = "Add an administrator who signs in with a password (read from standard"
            + " input, stored only as a hash) or with an external identity.")
    static final class AddAdmin extends StoreCommand {
        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;
        @Option(names = "--tenant", paramLabel = "SLUG", description = "the tenant (default: a global administrator)")
        @Nullable String tenant;
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "a role; repeat for several")
        List<String> roles;
        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean passwordStdin;
        @Option(names = "--provider", paramLabel = "PROVIDER", description = "external identity provider")
        @Nullable String provider;
        @Option(names = "--subject", paramLabel = "SUBJECT", description = "the account at the provider")
        @Nullable String subject;

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int run(DataAccessLayer dal, PrintWriter out) throws Exception {
            NewAdmin admin;
            if (passwordStdin) {
                if (provider != null || subject != null) {
                    throw new InvalidInputException("give either --password-stdin or --provider and --subject, not both");
                }
                // System.in is read without closing it: the process may still need it.
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new InvalidInputException("no password on standard input");
                }
                char[] password = line.toCharArray();
                try {
                    admin = NewAdmin.withPassword(username, tenant, new LinkedHashSet<>(roles),
                            dal.passwordHasher().hash(password));
                } finally {
                    Arrays.fill(password, '\0');
                }
            } else {
                if (provider == null || subject == null) {
                    throw new InvalidInputException("give --password-stdin, or --provider and --subject");
                }
                admin = NewAdmin.external(username, tenant, new LinkedHashSet<>(roles), provider, subject);
            }
            out.println("added " + describe(dal.config().admins().create(admin)));
            return Main.EXIT_OK;
        }
    }

    @Command(name = "remove", description = "Remove an administrator.")
    static final class RemoveAdmin extends StoreCommand {
        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            if (!dal.config().admins().delete(username)) {
                throw new NotFoundException("no administrator '" + username + "'");
            }
            out.println("removed administrator " + username);
            return Main.EXIT_OK;
        }
    }
}

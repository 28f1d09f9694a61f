package io.tenantstore.cli;

import java.io.PrintWriter;
import java.util.List;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.NotFoundException;
import io.tenantstore.model.Scope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tenantstore scopes ...}: a tenant's OAuth scopes. Not thread-safe. */
@Command(name = "scopes", description = "List, create and delete a tenant's scopes.",
        subcommands = {ScopesCommand.ListScopes.class, ScopesCommand.CreateScope.class, ScopesCommand.DeleteScope.class})
final class ScopesCommand {

    static String describe(Scope s) {
        return String.format("%-24s %-8s %s", s.name(), s.system() ? "system" : "", s.description());
    }

    @Command(name = "list", description = "List a tenant's scopes.")
    static final class ListScopes extends StoreCommand {
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;
        @Option(names = "--json", description = "print a JSON array")
        boolean json;

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            List<Scope> scopes = dal.config().scopes(slug).list();
            if (json) {
                out.println(Json.write(scopes.stream().map(s -> {
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("name", s.name());
                    m.put("description", s.description());
                    m.put("system", s.system());
                    return m;
                }).toList()));
                return Main.EXIT_OK;
            }
            scopes.forEach(s -> out.println(describe(s)));
            out.println(scopes.size() + " scope(s) in tenant " + slug);
            return 0;
        }
    }

    @Command(name = "create", description = "Create a scope.")
    static final class CreateScope extends StoreCommand {
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;
        @Parameters(index = "1", paramLabel = "NAME")
        String name;
        @Option(names = "--description", description = "shown on consent screens")
        String description = "";

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            Scope s = dal.config().scopes(slug).create(new Scope(name, description, false));
            out.println("created " + describe(s));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a scope (system scopes cannot be deleted).")
    static final class DeleteScope extends StoreCommand {
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;
        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            if (!dal.config().scopes(slug).delete(name)) {
                throw new NotFoundException("tenant " + slug + " has no scope '" + name + "'");
            }
            out.println("deleted scope " + name + " of tenant " + slug);
            return 0;
        }
    }
}

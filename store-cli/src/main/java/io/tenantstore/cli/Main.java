package io.tenantstore.cli;

import java.io.PrintWriter;

import io.tenantstore.ErrorCode;
import io.tenantstore.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of the {@code tenantstore} command. Not thread-safe. */
@Command(name = "tenantstore", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Operate a TenantStore: tenants, clients, scopes, health and the quickstart.",
        subcommands = {InitCommand.class, TenantsCommand.class, ClientsCommand.class, ScopesCommand.class,
            MigrateCommand.class, DoctorCommand.class, StatsCommand.class, SecretsCommand.class, KeysCommand.class, QuickstartCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code of a rejected input. */
    static final int EXIT_INVALID = 2;
    /** Exit code of any other store error. */
    static final int EXIT_FAILED = 1;

    @Spec
    CommandSpec spec;

    /**
     * Runs the command and exits with its code.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the command with the given streams (tests call this).
     *
     * @param out  standard output
     * @param err  standard error
     * @param args arguments
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof StoreException s) {
                commandLine.getErr().println("error: " + s.getMessage() + " [" + s.code() + "]");
                return s.code() == ErrorCode.INVALID_INPUT ? EXIT_INVALID : EXIT_FAILED;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tenantstore " + (v == null ? "development build" : v)};
        }
    }
}

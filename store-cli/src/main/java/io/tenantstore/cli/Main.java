package io.tenantstore.cli;

import java.io.PrintWriter;

import io.tenantstore.ErrorCode;
import io.tenantstore.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** Entry point of the {@code tenantstore} command. Not thread-safe. */
@Command(name = "tenantstore", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Operate a TenantStore: tenants, clients, scopes, migrations, health, secrets and the quickstart.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the operation failed", "2:bad usage, bad input or bad configuration",
            "3:a fleet command (migrate, doctor, stats --warm) failed for some tenants and not others, or"
                    + " left out tenants whose definitions cannot be read"},
        subcommands = {InitCommand.class, TenantsCommand.class, ClientsCommand.class, ScopesCommand.class,
            MigrateCommand.class, DoctorCommand.class, StatsCommand.class, SecretsCommand.class, KeysCommand.class,
            AdminsCommand.class, QuickstartCommand.class, ControlPlaneCommand.class, CompletionCommand.class, HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code of success. */
    static final int EXIT_OK = 0;
    /** Exit code of any failure that is not the user's input or configuration. */
    static final int EXIT_FAILED = 1;
    /** Exit code of bad usage, rejected input or a configuration error. */
    static final int EXIT_INVALID = 2;
    /** Exit code of a fleet command that failed for some tenants and succeeded for others. */
    static final int EXIT_PARTIAL = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "on failure, print the chain of causes (secrets are still withheld)")
    boolean verbose;

    /**
     * Runs the command and exits with its code.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Builds the command line with its settings (tests and completion use it).
     *
     * @return the configured command line
     */
    static CommandLine commandLine() {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        addStandardHelp(cli);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            int code;
            if (e instanceof StoreException s) {
                err.println("error: " + s.getMessage() + " [" + s.code() + "]");
                code = exitCode(s.code());
            } else if (e instanceof CommandLine.ParameterException p) {
                err.println("error: " + p.getMessage());
                code = EXIT_INVALID;
            } else {
                err.println("error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                code = EXIT_FAILED;
            }
            if (main.verbose) {
                printCauses(err, e);
            } else if (e.getCause() != null) {
                err.println("(run again with --verbose to see the causes)");
            }
            return code;
        });
        return cli;
    }

    /** Every command and subcommand answers {@code -h/--help}; only the root shows {@code --version}. */
    private static void addStandardHelp(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommandSpec().findOption("--help") == null) {
                sub.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("show this help and exit").build());
            }
            addStandardHelp(sub);
        }
    }

    /**
     * @param code a store error code
     * @return 2 for the caller's input or configuration, else 1
     */
    static int exitCode(ErrorCode code) {
        return switch (code) {
            case INVALID_INPUT, CONFIGURATION -> EXIT_INVALID;
            default -> EXIT_FAILED;
        };
    }

    /** Prints each cause's type and message; store messages never carry secrets, and neither do drivers' causes. */
    static void printCauses(PrintWriter err, Throwable e) {
        Throwable c = e.getCause();
        int depth = 0;
        while (c != null && c != e && depth++ < 20) {
            err.println("  caused by: " + c.getClass().getName() + (c.getMessage() == null ? "" : ": " + c.getMessage()));
            c = c.getCause();
        }
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
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
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

package io.tenantstore.cli;

import java.util.List;
import java.util.concurrent.Callable;

import io.tenantstore.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tenantstore help [COMMAND [SUBCOMMAND...]]}: the help of any command, however deep
 * ({@code help secrets keygen} shows keygen, not the secrets group). Not thread-safe.
 */
@Command(name = "help", helpCommand = true, description = "Show the help of a command, e.g. help secrets keygen.")
final class HelpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "the command path, e.g. secrets keygen")
    List<String> path = List.of();

    @Override
    public Integer call() {
        CommandLine target = spec.root().commandLine();
        for (String name : path) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new InvalidInputException("unknown command '" + String.join(" ", path) + "'; '"
                        + target.getCommandName() + "' has: " + String.join(", ", target.getSubcommands().keySet()));
            }
            target = next;
        }
        target.usage(spec.commandLine().getOut());
        return Main.EXIT_OK;
    }
}

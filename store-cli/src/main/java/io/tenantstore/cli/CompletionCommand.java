package io.tenantstore.cli;

import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tenantstore completion}: prints a bash (and zsh, through bashcompinit) completion script.
 * Not thread-safe.
 */
@Command(name = "completion", description = "Print a bash completion script; load it with"
        + "  source <(tenantstore completion)  or save it under /etc/bash_completion.d/.")
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("tenantstore", Main.commandLine()));
        spec.commandLine().getOut().flush();
        return Main.EXIT_OK;
    }
}

package io.tenantstore.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.tenantstore.DataAccessLayer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on an open store: opens it from the {@link StoreOptions}, runs, closes it.
 * Not thread-safe (one per command invocation).
 */
abstract class StoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;

    @Override
    public final Integer call() throws Exception {
        try (DataAccessLayer dal = store.open(writes())) {
            return run(dal, spec.commandLine().getOut());
        }
    }

    /** @return whether the command writes the control plane (then a bare root is created when missing) */
    boolean writes() {
        return false;
    }

    /**
     * @param dal the open store
     * @param out standard output
     * @return the exit code
     * @throws Exception any failure; a StoreException becomes a message and an exit code
     */
    abstract int run(DataAccessLayer dal, PrintWriter out) throws Exception;
}

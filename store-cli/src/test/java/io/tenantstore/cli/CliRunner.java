package io.tenantstore.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command in-process and captures its output. Not thread-safe. */
record CliRunner(int exit, String out, String err) {
    static CliRunner run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRunner(exit, out.toString(), err.toString());
    }
}

package io.tenantstore.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DbConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.StoreException;
import io.tenantstore.ErrorCode;
import io.tenantstore.core.Argon2idPasswordHasher;
import io.tenantstore.core.internal.NamedServices;
import io.tenantstore.core.yaml.StoreFile;
import io.tenantstore.fs.ControlPlaneSync;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.ControlPlaneStore;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tenantstore control-plane ...}: keeps the control-plane files and the global database in
 * step, and moves a deployment from one to the other. Secrets travel as stored ({@code enc:}
 * values, client-secret hashes). Not thread-safe.
 */
@Command(name = "control-plane", description = "Sync, export and import the control plane between the files and"
        + " the global database.",
        subcommands = {ControlPlaneCommand.Sync.class, ControlPlaneCommand.Export.class, ControlPlaneCommand.Import.class})
final class ControlPlaneCommand {

    /** Where store.yaml is. */
    static final class Options {
        @Option(names = "--store", paramLabel = "STORE_YAML", description = "store.yaml naming the globalDb"
                + " (default: ./store.yaml)")
        @Nullable Path storeYaml;

        @Option(names = "--dry-run", description = "report what would change, write nothing (not even the"
                + " control-plane tables of a new database)")
        boolean dryRun;

        @Option(names = "--allow-empty-source", description = "let a source holding no tenant remove every tenant"
                + " of the target (refused otherwise: an unmounted volume or a new database looks like that)")
        boolean allowEmptySource;

        StoreFile file() {
            Path file = storeYaml != null ? storeYaml : Path.of("store.yaml");
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("no " + file + " to read globalDb from; give --store STORE_YAML");
            }
            return StoreFile.read(file);
        }

        ControlPlaneStore database(StoreFile file) {
            DbConfig db = file.globalDb().orElseThrow(() -> new StoreException(ErrorCode.CONFIGURATION,
                    "store.yaml has no globalDb: there is no database to sync with"));
            if (dryRun) {
                // a dry run writes nothing, not even the tables of a database that has none yet
                db = db.toBuilder().migrate(io.tenantstore.MigrationMode.VALIDATE).build();
            }
            try {
                return NamedServices.adapters(ControlPlaneCommand.class.getClassLoader()).require(db.driver())
                        .openControlPlaneStore(new AdapterConfig(db, Clock.systemUTC(), ForkJoinPool.commonPool(),
                                Argon2idPasswordHasher.defaults(), List.of()));
            } catch (io.tenantstore.MigrationException e) {
                if (!dryRun) {
                    throw e;
                }
                throw new io.tenantstore.MigrationException("dry run: " + e.getMessage() + "; a dry run creates and"
                        + " upgrades nothing: run the command without --dry-run to do that", e);
            }
        }
    }

    static int report(CommandSpec spec, String what, ControlPlaneSync.Report r, boolean dryRun) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(what + (dryRun ? " (dry run, nothing written)" : "") + ": created " + r.created().size()
                + ", updated " + r.updated().size() + ", deleted " + r.deleted().size() + ", unchanged "
                + r.unchanged() + (r.skipped().isEmpty() ? "" : ", skipped " + r.skipped().size()));
        r.created().forEach(s -> out.println("  created " + s));
        r.updated().forEach(s -> out.println("  updated " + s));
        r.deleted().forEach(s -> out.println("  deleted " + s));
        r.skipped().forEach(s -> out.println("  skipped " + s));
        out.flush();
        return r.skipped().isEmpty() ? Main.EXIT_OK : Main.EXIT_PARTIAL;
    }

    static java.util.function.Consumer<String> progress(CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        return line -> {
            err.println(line);
            err.flush();
        };
    }

    @Command(name = "sync",
            description = "Rebuild one side from the other: by default the side that is not the source"
                    + " (controlPlane.source). Exit 0 when done, 3 when a tenant could not be read.")
    static final class Sync implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        Options options;
        @Option(names = "--to", paramLabel = "database|files", description = "the side to rebuild")
        @Nullable String to;

        @Override
        public Integer call() {
            String side = to == null ? null : to.toLowerCase(java.util.Locale.ROOT);
            if (side != null && !side.equals("database") && !side.equals("files")) {
                throw new InvalidInputException("--to must be database or files, found '" + to + "'");
            }
            StoreFile file = options.file();
            ControlPlaneSource source = file.controlPlaneSource().orElse(ControlPlaneSource.FILES);
            String target = side != null ? side : source == ControlPlaneSource.FILES ? "database" : "files";
            try (ControlPlaneStore db = options.database(file)) {
                return target.equals("database")
                        ? report(spec, "files " + file.fsRoot() + " -> " + db.describe(), ControlPlaneSync.toDatabase(
                                file.fsRoot(), db, options.dryRun, options.allowEmptySource, progress(spec)),
                                options.dryRun)
                        : report(spec, db.describe() + " -> files " + file.fsRoot(), ControlPlaneSync.toFiles(db,
                                file.fsRoot(), options.dryRun, options.allowEmptySource, progress(spec)), options.dryRun);
            }
        }
    }

    @Command(name = "export",
            description = "Write the control plane held in the global database to files under a directory"
                    + " (made equal to the database). Secrets stay encrypted.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        Options options;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "control-plane root to write")
        Path out;

        @Override
        public Integer call() {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new InvalidInputException(out + " is not a directory; give --out a directory to write the"
                        + " control plane to");
            }
            StoreFile file = options.file();
            try (ControlPlaneStore db = options.database(file)) {
                return report(spec, db.describe() + " -> files " + out, ControlPlaneSync.toFiles(db, out,
                        options.dryRun, options.allowEmptySource, progress(spec)), options.dryRun);
            }
        }
    }

    @Command(name = "import",
            description = "Load control-plane files from a directory into the global database (made equal to"
                    + " the files; tenants absent from them are removed). Secrets stay encrypted.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        Options options;
        @Option(names = "--from", required = true, paramLabel = "DIR", description = "control-plane root to read")
        Path from;

        @Override
        public Integer call() {
            if (!Files.isDirectory(from.resolve("tenants"))) {
                throw new InvalidInputException(from + " holds no tenants/ directory: not a control-plane root");
            }
            StoreFile file = options.file();
            try (ControlPlaneStore db = options.database(file)) {
                return report(spec, "files " + from + " -> " + db.describe(),
                        ControlPlaneSync.toDatabase(from, db, options.dryRun, options.allowEmptySource,
                                progress(spec)), options.dryRun);
            }
        }
    }
}

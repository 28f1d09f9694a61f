package io.tenantstore.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.MigrationRun;
import io.tenantstore.MigrationStatus;
import io.tenantstore.model.Tenant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tenantstore migrate}: brings every tenant's database (or schema) to the latest version,
 * a bounded number at a time, whatever the data sources' {@code migrate} mode, with a progress
 * line per tenant saying what was applied or that it was already current. A run after a partial
 * failure resumes: finished targets are current and the failed ones are tried again.
 * {@code --dry-run} reads what would be applied and writes nothing. Not thread-safe.
 */
@Command(name = "migrate", description = "Migrate every tenant's database to the latest version, in parallel,"
        + " with progress; re-run to resume after a failure. --dry-run shows what would be applied and writes"
        + " nothing. Exit 0 all done, 1 all failed, 3 some failed.",
        subcommands = MigrateInfoCommand.class)
final class MigrateCommand extends StoreCommand {
    /** Tenants migrated at once. Default: 4. */
    static final int DEFAULT_PARALLELISM = 4;

    @Option(names = "--parallel", description = "tenants migrated at once, 1 to 64 (default: 4)")
    int parallel = DEFAULT_PARALLELISM;
    @Option(names = "--dry-run", description = "show what each tenant would get applied; change nothing")
    boolean dryRun;
    @Option(names = "--json", description = "print one JSON object at the end instead of progress lines")
    boolean json;

    @Override
    int run(DataAccessLayer dal, PrintWriter out) throws InterruptedException {
        List<Tenant> tenants = dal.config().tenants().list();
        Map<String, String> unreadable = dal.config().tenants().unreadable();
        long started = System.nanoTime();
        List<Fleet.Outcome> outcomes = Fleet.run(tenants, parallel, json ? null : out,
                t -> dryRun ? plan(dal, t) : migrate(dal, t));
        long millis = (System.nanoTime() - started) / 1_000_000;
        long failed = Fleet.count(outcomes, "failed");
        long none = Fleet.count(outcomes, "no-database");
        long current = Fleet.count(outcomes, "current");
        long changed = Fleet.count(outcomes, dryRun ? "pending" : "migrated");
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dryRun", dryRun);
            m.put("tenants", Fleet.json(tenants, outcomes));
            m.put(dryRun ? "pending" : "migrated", changed);
            m.put("current", current);
            m.put("withoutDatabase", none);
            m.put("failed", failed);
            m.put("unreadable", Fleet.json(unreadable));
            m.put("millis", millis);
            out.println(Json.write(m));
        } else {
            Fleet.printUnreadable(out, unreadable);
            out.printf("%d tenant(s): %d %s, %d already current, %d without database, %d failed%s in %s%s%s%n",
                    tenants.size() + unreadable.size(), changed, dryRun ? "with migrations pending" : "migrated",
                    current, none, failed, Fleet.unreadableCount(unreadable), Human.duration(Duration.ofMillis(millis)),
                    dryRun ? " (dry run: nothing was changed)"
                            : failed > 0 ? "; run again to retry the failed ones" : "",
                    unreadable.isEmpty() ? "" : "; repair the unreadable tenants' definitions, then run again");
        }
        return Fleet.exitCode(outcomes, unreadable.size());
    }

    /** Applies what is pending, then opens the tenant once (the checks binding makes) and lets it go again. */
    private static Fleet.Outcome migrate(DataAccessLayer dal, Tenant t) {
        try {
            Optional<MigrationRun> run = dal.migrate(t.slug());
            if (run.isEmpty()) {
                return new Fleet.Outcome("no-database", false, "skipped (no database)", Map.of());
            }
            dal.forTenant(t.slug());
            MigrationRun r = run.get();
            Map<String, Object> m = Fleet.json(r.status());
            m.put("applied", new java.util.ArrayList<Object>(r.applied()));
            if (r.applied().isEmpty()) {
                return new Fleet.Outcome("current", false, "already current at "
                        + Fleet.currentVersions(r.status()), m);
            }
            return new Fleet.Outcome("migrated", false, "applied " + Fleet.versions(r.applied()) + "; now at "
                    + Fleet.currentVersions(r.status()), m);
        } finally {
            // Done with it: give its pool back, so a fleet larger than maxPools fits.
            dal.invalidate(t.slug());
        }
    }

    /** Reads what is pending; writes nothing. */
    private static Fleet.Outcome plan(DataAccessLayer dal, Tenant t) {
        Optional<MigrationStatus> status = dal.migrationStatus(t.slug());
        if (status.isEmpty()) {
            return new Fleet.Outcome("no-database", false, "skipped (no database)", Map.of());
        }
        MigrationStatus s = status.get();
        Map<String, Object> m = Fleet.json(s);
        if (s.hasFailed()) {
            return new Fleet.Outcome("failed", true, "has FAILED migrations ("
                    + MigrateInfoCommand.failedList(s) + "): repair the target before migrating", m);
        }
        if (s.pending().isEmpty()) {
            return new Fleet.Outcome("current", false, "already current at " + Fleet.currentVersions(s), m);
        }
        return new Fleet.Outcome("pending", false, "would apply " + Fleet.versions(s.pending()) + " to "
                + s.target(), m);
    }
}

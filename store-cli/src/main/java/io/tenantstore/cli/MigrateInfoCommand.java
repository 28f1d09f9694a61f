package io.tenantstore.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.MigrationStatus;
import io.tenantstore.model.Tenant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tenantstore migrate info}: per tenant, each history's current version, what is pending
 * and what failed, read without changing anything. Not thread-safe.
 */
@Command(name = "info", description = "Show, per tenant, the current schema version, the pending migrations and"
        + " the failed ones; changes nothing. Exit 0 when every tenant was read and none has a failed migration,"
        + " 3 when some were not, 1 when none.")
final class MigrateInfoCommand extends StoreCommand {
    @Option(names = "--parallel", description = "tenants read at once, 1 to 64 (default: 4)")
    int parallel = MigrateCommand.DEFAULT_PARALLELISM;
    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Override
    int run(DataAccessLayer dal, PrintWriter out) throws InterruptedException {
        List<Tenant> tenants = dal.config().tenants().list();
        Map<String, String> unreadable = dal.config().tenants().unreadable();
        List<Fleet.Outcome> outcomes = Fleet.run(tenants, parallel, null, t -> read(dal, t));
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tenants", Fleet.json(tenants, outcomes));
            m.put("current", Fleet.count(outcomes, "current"));
            m.put("pending", Fleet.count(outcomes, "pending"));
            m.put("withoutDatabase", Fleet.count(outcomes, "no-database"));
            m.put("failed", Fleet.count(outcomes, "failed"));
            m.put("unreadable", Fleet.json(unreadable));
            out.println(Json.write(m));
            return Fleet.exitCode(outcomes, unreadable.size());
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TENANT", "MIGRATIONS", "CURRENT", "PENDING", "FAILED", "TARGET"});
        for (int i = 0; i < tenants.size(); i++) {
            String slug = tenants.get(i).slug();
            Fleet.Outcome o = outcomes.get(i);
            MigrationStatus s = o.status();
            if (s != null) {
                for (MigrationStatus.History h : s.histories()) {
                    rows.add(new String[] {slug, h.name(), h.currentVersion().map(v -> "V" + v).orElse("-"),
                            list(h.pending()), list(h.failed()), s.target()});
                }
            } else {
                rows.add(new String[] {slug, "-", "-", "-", "-", o.line()});
            }
        }
        unreadable.forEach((slug, why) -> rows.add(new String[] {slug, "-", "-", "-", "-",
                "UNREADABLE definition: " + why}));
        int[] width = new int[5];
        for (String[] r : rows) {
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                b.append(String.format("%-" + width[c] + "s  ", r[c]));
            }
            out.println(b.append(r[5]));
        }
        out.printf("%d tenant(s): %d current, %d with migrations pending, %d without database, %d failed%s%n",
                tenants.size() + unreadable.size(), Fleet.count(outcomes, "current"), Fleet.count(outcomes, "pending"),
                Fleet.count(outcomes, "no-database"), Fleet.count(outcomes, "failed"),
                Fleet.unreadableCount(unreadable));
        return Fleet.exitCode(outcomes, unreadable.size());
    }

    private Fleet.Outcome read(DataAccessLayer dal, Tenant t) {
        Optional<MigrationStatus> status = dal.migrationStatus(t.slug());
        if (status.isEmpty()) {
            return new Fleet.Outcome("no-database", false, "(no database)", Map.of());
        }
        MigrationStatus s = status.get();
        Map<String, Object> m = Fleet.json(s);
        if (s.hasFailed()) {
            return new Fleet.Outcome("failed", true, "FAILED " + failedList(s), m, s);
        }
        return new Fleet.Outcome(s.pending().isEmpty() ? "current" : "pending", false, "", m, s);
    }

    private static String list(List<String> versions) {
        return versions.isEmpty() ? "-" : "V" + String.join(", V", versions);
    }

    /** @return the failed migrations of a status, as {@code <history> V<version>} */
    static String failedList(MigrationStatus s) {
        List<String> failed = new ArrayList<>();
        for (MigrationStatus.History h : s.histories()) {
            h.failed().forEach(v -> failed.add(h.name() + " V" + v));
        }
        return String.join(", ", failed);
    }
}

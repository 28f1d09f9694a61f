package io.tenantstore.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.StoreStats;
import io.tenantstore.model.Tenant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tenantstore stats}: pools, cached tenants and evictions of a store. Not thread-safe. */
@Command(name = "stats", description = "Show pools, cached tenants and evictions (use --warm to open every tenant"
        + " first, with progress; a fresh process has nothing open). Exit 3 when some tenants could not be read or"
        + " opened.")
final class StatsCommand extends StoreCommand {
    @Option(names = "--warm", description = "open every tenant before reading the statistics")
    boolean warm;
    @Option(names = "--json", description = "print a JSON object")
    boolean json;

    @Override
    int run(DataAccessLayer dal, PrintWriter out) throws InterruptedException {
        List<Tenant> tenants = dal.config().tenants().list();
        Map<String, String> unreadable = dal.config().tenants().unreadable();
        int failed = warm ? warm(dal, tenants) : 0;
        StoreStats stats = dal.stats();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tenants", tenants.size());
            m.put("unreadable", Fleet.json(unreadable));
            if (warm) {
                m.put("warmFailed", failed);
            }
            m.put("cachedTenants", stats.cachedTenants());
            m.put("tenantEvictions", stats.tenantEvictions());
            m.put("poolEvictions", stats.poolEvictions());
            m.put("pools", stats.pools().stream().map(p -> {
                Map<String, Object> pool = new LinkedHashMap<>();
                pool.put("key", p.key());
                pool.put("tenants", p.tenants());
                pool.put("active", p.active());
                pool.put("idle", p.idle());
                pool.put("pending", p.pending());
                pool.put("breaker", String.valueOf(p.breakerState()).toLowerCase(java.util.Locale.ROOT));
                pool.put("createdAt", p.createdAt().toString());
                return pool;
            }).toList());
            out.println(Json.write(m));
            return exitCode(tenants.size() + unreadable.size(), failed + unreadable.size());
        }
        out.println("tenants: " + tenants.size() + (unreadable.isEmpty() ? "" : " (and " + unreadable.size()
                + " unreadable, left out: " + String.join(", ", unreadable.keySet()) + ")")
                + (failed == 0 ? "" : ", failed to open: " + failed) + ", cached: " + stats.cachedTenants()
                + ", tenant evictions: " + stats.tenantEvictions() + ", pool evictions: " + stats.poolEvictions());
        out.println("pools: " + stats.pools().size());
        for (StoreStats.PoolStats p : stats.pools()) {
            out.printf("  %s  tenants %d, active %d, idle %d, pending %d, breaker %s, open since %s%n", p.key(),
                    p.tenants(), p.active(), p.idle(), p.pending(),
                    String.valueOf(p.breakerState()).toLowerCase(java.util.Locale.ROOT), p.createdAt());
        }
        return exitCode(tenants.size() + unreadable.size(), failed + unreadable.size());
    }

    /**
     * Opens every tenant, with a progress line per tenant on the error stream (the statistics stay
     * alone on the output); one that cannot be opened is reported and the others are still opened.
     *
     * @return how many could not be opened
     */
    private int warm(DataAccessLayer dal, List<Tenant> tenants) throws InterruptedException {
        List<Fleet.Outcome> outcomes = Fleet.run(tenants, 1, spec.commandLine().getErr(), t -> {
            dal.forTenant(t.slug());
            return new Fleet.Outcome("opened", false, "opened", Map.of());
        });
        return (int) Fleet.count(outcomes, "failed");
    }

    /** @return 0 when every tenant was read (and, with --warm, opened), 1 when none was, else 3 */
    private static int exitCode(int tenants, int failed) {
        return failed == 0 ? Main.EXIT_OK : failed < tenants ? Main.EXIT_PARTIAL : Main.EXIT_FAILED;
    }
}

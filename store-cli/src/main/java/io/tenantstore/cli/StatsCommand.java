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
        + " first; a fresh process has nothing open).")
final class StatsCommand extends StoreCommand {
    @Option(names = "--warm", description = "open every tenant before reading the statistics")
    boolean warm;
    @Option(names = "--json", description = "print a JSON object")
    boolean json;

    @Override
    int run(DataAccessLayer dal, PrintWriter out) {
        List<Tenant> tenants = dal.config().tenants().list();
        if (warm) {
            for (Tenant t : tenants) {
                dal.forTenant(t.slug());
            }
        }
        StoreStats stats = dal.stats();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tenants", tenants.size());
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
            return Main.EXIT_OK;
        }
        out.println("tenants: " + tenants.size() + ", cached: " + stats.cachedTenants()
                + ", tenant evictions: " + stats.tenantEvictions() + ", pool evictions: " + stats.poolEvictions());
        out.println("pools: " + stats.pools().size());
        for (StoreStats.PoolStats p : stats.pools()) {
            out.printf("  %s  tenants %d, active %d, idle %d, pending %d, breaker %s, open since %s%n", p.key(),
                    p.tenants(), p.active(), p.idle(), p.pending(),
                    String.valueOf(p.breakerState()).toLowerCase(java.util.Locale.ROOT), p.createdAt());
        }
        return Main.EXIT_OK;
    }
}

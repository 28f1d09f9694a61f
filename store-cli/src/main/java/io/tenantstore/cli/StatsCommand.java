package io.tenantstore.cli;

import java.io.PrintWriter;

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

    @Override
    int run(DataAccessLayer dal, PrintWriter out) {
        if (warm) {
            for (Tenant t : dal.config().tenants().list()) {
                dal.forTenant(t.slug());
            }
        }
        StoreStats stats = dal.stats();
        out.println("tenants: " + dal.config().tenants().list().size() + ", cached: " + stats.cachedTenants()
                + ", tenant evictions: " + stats.tenantEvictions() + ", pool evictions: " + stats.poolEvictions());
        out.println("pools: " + stats.pools().size());
        for (StoreStats.PoolStats p : stats.pools()) {
            out.printf("  %s tenants=%d active=%d idle=%d pending=%d breaker=%s created=%s%n", p.key(), p.tenants(),
                    p.active(), p.idle(), p.pending(), p.breakerState(), p.createdAt());
        }
        return 0;
    }
}

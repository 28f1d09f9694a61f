package io.tenantstore.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.StoreStats;
import io.tenantstore.model.Tenant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tenantstore stats}: pools, cached tenants and evictions of a store. Not thread-safe. */
@Command(name = "stats", description = "Show pools, cached tenants and evictions (use --warm to open every tenant"
        + " first; a fresh process has nothing open).")
final class StatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;
    @Option(names = "--warm", description = "open every tenant before reading the statistics")
    boolean warm;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DataAccessLayer dal = store.open()) {
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
        }
        return 0;
    }
}

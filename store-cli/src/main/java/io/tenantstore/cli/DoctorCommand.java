package io.tenantstore.cli;

import java.io.PrintWriter;
import java.util.List;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.HealthReport;
import io.tenantstore.StoreException;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.model.Tenant;
import picocli.CommandLine.Command;

/**
 * {@code tenantstore doctor}: checks the control plane, then opens every tenant (resolving it,
 * connecting and migrating its database) with a progress line per tenant. Exit 1 when anything
 * failed. Not thread-safe.
 */
@Command(name = "doctor", description = "Check the control plane and open every tenant, showing progress.")
final class DoctorCommand extends StoreCommand {

    @Override
    int run(DataAccessLayer dal, PrintWriter out) {
        int failures = 0;
        out.println("mode: " + dal.mode() + ", capabilities: " + dal.capabilities());
        List<Tenant> tenants = dal.config().tenants().list();
        int width = String.valueOf(tenants.size()).length();
        for (int i = 0; i < tenants.size(); i++) {
            Tenant t = tenants.get(i);
            String progress = String.format("[%" + width + "d/%d] %-24s ", i + 1, tenants.size(), t.slug());
            try {
                TenantDataAccess access = dal.forTenant(t.slug());
                out.println(progress + "ok" + (access.hasDatabase() ? "" : " (no database)"));
            } catch (StoreException e) {
                failures++;
                out.println(progress + "FAILED " + e.code() + ": " + e.getMessage());
            } finally {
                dal.invalidate(t.slug()); // gives its pool back, so a fleet larger than maxPools fits
            }
            out.flush();
        }
        HealthReport health = dal.health();
        for (HealthReport.Check c : health.checks()) {
            out.println((c.healthy() ? "ok     " : "FAILED ") + c.name() + ": " + c.detail());
            if (!c.healthy()) {
                failures++;
            }
        }
        out.println(failures == 0 ? "healthy: " + tenants.size() + " tenant(s) checked"
                : failures + " problem(s) found");
        return failures == 0 ? 0 : Main.EXIT_FAILED;
    }
}

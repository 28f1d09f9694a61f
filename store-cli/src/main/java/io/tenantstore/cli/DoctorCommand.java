package io.tenantstore.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tenantstore.Capabilities;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.HealthReport;
import io.tenantstore.StoreException;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.model.Tenant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tenantstore doctor}: checks the control plane, then opens every tenant (resolving it,
 * connecting and migrating its database) with a progress line per tenant. Exit 1 when everything
 * failed, 3 when some tenants failed and others did not. Not thread-safe.
 */
@Command(name = "doctor", description = "Check the control plane and open every tenant, showing progress."
        + " Exit 0 healthy, 1 failed, 3 some tenants failed.")
final class DoctorCommand extends StoreCommand {
    @Option(names = "--json", description = "print one JSON object at the end instead of progress lines")
    boolean json;

    @Override
    int run(DataAccessLayer dal, PrintWriter out) {
        Capabilities caps = dal.capabilities();
        if (!json) {
            out.println("mode: " + dal.mode().name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + ", default tenant database: " + (caps.defaultTenantData() ? "yes" : "no")
                    + ", control plane: " + (caps.controlPlaneWrites() ? "writable" : "read-only"));
        }
        List<Tenant> tenants = dal.config().tenants().list();
        List<Map<String, Object>> results = new ArrayList<>();
        int failedTenants = 0;
        int width = String.valueOf(tenants.size()).length();
        for (int i = 0; i < tenants.size(); i++) {
            Tenant t = tenants.get(i);
            String progress = String.format("[%" + width + "d/%d] %-24s ", i + 1, tenants.size(), t.slug());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("tenant", t.slug());
            try {
                TenantDataAccess access = dal.forTenant(t.slug());
                readControlPlaneFiles(dal, t.slug());
                r.put("status", access.hasDatabase() ? "ok" : "no-database");
                if (!json) {
                    out.println(progress + "ok" + (access.hasDatabase() ? "" : " (no database)"));
                }
            } catch (StoreException e) {
                failedTenants++;
                r.put("status", "failed");
                r.put("code", e.code().name());
                r.put("message", e.getMessage());
                if (!json) {
                    out.println(progress + "FAILED " + e.code() + ": " + e.getMessage());
                    if (isVerbose()) {
                        Main.printCauses(out, e);
                    }
                }
            } finally {
                dal.invalidate(t.slug()); // gives its pool back, so a fleet larger than maxPools fits
            }
            results.add(r);
            out.flush();
        }
        HealthReport health = dal.health();
        int failedChecks = 0;
        List<Map<String, Object>> checks = new ArrayList<>();
        List<HealthReport.Check> all = new ArrayList<>(health.checks());
        try {
            dal.config().admins().list();
        } catch (io.tenantstore.UnsupportedFeatureException e) {
            // a control plane that keeps no administrators
        } catch (StoreException e) {
            all.add(new HealthReport.Check("administrators", false, e.getMessage()));
        }
        for (HealthReport.Check c : all) {
            if (!json) {
                out.println((c.healthy() ? "ok     " : "FAILED ") + c.name() + ": " + c.detail());
            }
            if (!c.healthy()) {
                failedChecks++;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("healthy", c.healthy());
            m.put("detail", c.detail());
            checks.add(m);
        }
        int code = failedTenants == 0 && failedChecks == 0 ? Main.EXIT_OK
                : failedTenants > 0 && failedTenants < tenants.size() && failedChecks == 0 ? Main.EXIT_PARTIAL
                : Main.EXIT_FAILED;
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", dal.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            m.put("tenants", results);
            m.put("checks", checks);
            m.put("healthy", code == Main.EXIT_OK);
            out.println(Json.write(m));
        } else {
            out.println(code == Main.EXIT_OK ? "healthy: " + tenants.size() + " tenant(s) checked"
                    : (failedTenants + failedChecks) + " problem(s) found");
        }
        return code;
    }

    /**
     * Reads the rest of a tenant's control plane (clients, scopes, signing keys, branding), which
     * opening the tenant does not: a damaged file there fails the tenant here, naming file and line,
     * instead of at the first request that needs it.
     */
    private static void readControlPlaneFiles(DataAccessLayer dal, String slug) {
        dal.config().clients(slug).list();
        dal.config().scopes(slug).list();
        try {
            dal.config().signingKeys().list(slug);
        } catch (io.tenantstore.UnsupportedFeatureException e) {
            // a control plane that keeps no signing keys
        }
        try {
            dal.config().branding().get(slug);
        } catch (io.tenantstore.UnsupportedFeatureException e) {
            // nor branding
        }
    }

    private boolean isVerbose() {
        return spec.root().userObject() instanceof Main m && m.verbose;
    }
}

package io.tenantstore.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.InvalidInputException;
import io.tenantstore.StoreException;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.model.Tenant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tenantstore migrate}: brings every tenant's database (or schema) to the latest version,
 * a bounded number at a time, with a progress line per tenant. Opening a tenant migrates its
 * target once, so a run after a partial failure resumes: finished targets are current and the
 * failed ones are tried again. Not thread-safe.
 */
@Command(name = "migrate", description = "Migrate every tenant's database to the latest version, in parallel,"
        + " with progress; re-run to resume after a failure. Exit 0 all done, 1 all failed, 3 some failed.")
final class MigrateCommand extends StoreCommand {
    /** Tenants migrated at once. Default: 4. */
    static final int DEFAULT_PARALLELISM = 4;

    @Option(names = "--parallel", description = "tenants migrated at once, 1 to 64 (default: 4)")
    int parallel = DEFAULT_PARALLELISM;
    @Option(names = "--json", description = "print one JSON object at the end instead of progress lines")
    boolean json;

    @Override
    int run(DataAccessLayer dal, PrintWriter out) throws InterruptedException {
        if (parallel < 1 || parallel > 64) {
            throw new InvalidInputException("--parallel must be between 1 and 64: " + parallel);
        }
        List<Tenant> tenants = dal.config().tenants().list();
        int width = String.valueOf(tenants.size()).length();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        java.util.Map<String, java.util.Map<String, Object>> results = new java.util.concurrent.ConcurrentSkipListMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "tenantstore-migrate");
            t.setDaemon(true);
            return t;
        });
        long started = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (Tenant t : tenants) {
                work.add(pool.submit(() -> {
                    String result;
                    java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
                    r.put("tenant", t.slug());
                    try {
                        TenantDataAccess access = dal.forTenant(t.slug());
                        if (access.hasDatabase()) {
                            // Opening applies what was pending; the store does not report which, so say where it is.
                            result = "at latest version";
                            r.put("status", "at-latest-version");
                        } else {
                            skipped.incrementAndGet();
                            result = "skipped (no database)";
                            r.put("status", "no-database");
                        }
                    } catch (StoreException e) {
                        failed.incrementAndGet();
                        result = "FAILED " + e.code() + ": " + e.getMessage();
                        r.put("status", "failed");
                        r.put("code", e.code().name());
                        r.put("message", e.getMessage());
                    } finally {
                        // Done with it: give its pool back, so a fleet larger than maxPools fits.
                        dal.invalidate(t.slug());
                    }
                    results.put(t.slug(), r);
                    if (json) {
                        return;
                    }
                    synchronized (out) {
                        out.printf("[%" + width + "d/%d] %-24s %s%n", done.incrementAndGet(), tenants.size(),
                                t.slug(), result);
                        out.flush();
                    }
                }));
            }
            for (Future<?> f : work) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("migration task failed unexpectedly", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        int code = failed.get() == 0 ? Main.EXIT_OK
                : failed.get() < tenants.size() ? Main.EXIT_PARTIAL : Main.EXIT_FAILED;
        if (json) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("tenants", new ArrayList<>(results.values()));
            m.put("atLatestVersion", tenants.size() - failed.get() - skipped.get());
            m.put("withoutDatabase", skipped.get());
            m.put("failed", failed.get());
            m.put("millis", millis);
            out.println(Json.write(m));
            return code;
        }
        out.printf("%d tenant(s): %d at latest version, %d without database, %d failed in %s%s%n", tenants.size(),
                tenants.size() - failed.get() - skipped.get(), skipped.get(), failed.get(),
                Human.duration(java.time.Duration.ofMillis(millis)),
                failed.get() > 0 ? "; run again to retry the failed ones" : "");
        return code;
    }
}

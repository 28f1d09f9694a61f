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
        + " with progress; re-run to resume after a failure.")
final class MigrateCommand extends StoreCommand {
    /** Tenants migrated at once. Default: 4. */
    static final int DEFAULT_PARALLELISM = 4;

    @Option(names = "--parallel", description = "tenants migrated at once, 1 to 64 (default: 4)")
    int parallel = DEFAULT_PARALLELISM;

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
                    try {
                        TenantDataAccess access = dal.forTenant(t.slug());
                        if (access.hasDatabase()) {
                            result = "current";
                        } else {
                            skipped.incrementAndGet();
                            result = "skipped (no database)";
                        }
                    } catch (StoreException e) {
                        failed.incrementAndGet();
                        result = "FAILED " + e.code() + ": " + e.getMessage();
                    } finally {
                        // Done with it: give its pool back, so a fleet larger than maxPools fits.
                        dal.invalidate(t.slug());
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
        out.printf("%d tenant(s): %d current, %d without database, %d failed in %d ms%s%n", tenants.size(),
                tenants.size() - failed.get() - skipped.get(), skipped.get(), failed.get(), millis,
                failed.get() > 0 ? "; run again to retry the failed ones" : "");
        return failed.get() == 0 ? 0 : Main.EXIT_FAILED;
    }
}

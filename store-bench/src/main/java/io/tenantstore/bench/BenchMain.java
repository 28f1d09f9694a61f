package io.tenantstore.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and prints each target as a ratio against its baseline from the same run.
 * Each benchmark class says how many JVMs it runs in ({@code @Fork}): three where a ratio compares
 * two short calls, whose times move from one JVM to the next on a small machine.
 * Not thread-safe.
 */
public final class BenchMain {
    private BenchMain() {
    }

    /**
     * @param args optional regex selecting benchmarks (default: all)
     * @throws RunnerException when JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        Options opts = new OptionsBuilder()
                .include(args.length > 0 ? args[0] : "io.tenantstore.bench.*")
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class) // bytes allocated per call, for the no-allocation targets
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        Map<String, Double> score = new HashMap<>();
        Map<String, Double> allocated = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String method = name.substring(name.lastIndexOf('.') + 1);
            // sampled benchmarks (one database round trip or more) compare medians: a checkpoint or a
            // collection in one iteration moves a mean by tens of percent on a small machine
            score.put(method, r.getParams().getMode() == Mode.SampleTime
                    ? r.getPrimaryResult().getStatistics().getPercentile(50) : r.getPrimaryResult().getScore());
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            if (alloc != null) {
                allocated.put(method, alloc.getScore());
            }
        }
        ratio(score, "forTenantWarm", "baselineMapGet", 1.3);
        noAllocation(allocated, "forTenantWarm");
        ratio(score, "repositoryGetById", "handWrittenJdbc", 1.10);
        report(score, "unwrappedCheckoutQueryReturn", "plainCheckoutQueryReturn");
        // the target is "at least 10x faster": the baseline over the subject must reach 10
        inverse(score, "flywayMigratePerSchema", "tenantStorePrepare", 10.0);
        // the control plane in a database: the cached path unchanged, the cold read reported
        ratio(score, "forTenantWarmDatabaseSource", "forTenantWarmFilesSource", 1.3);
        reportCost(score, "coldControlPlaneReadDatabase", "coldControlPlaneReadFiles");
    }

    /**
     * Prints whether a call allocates: JMH's normalised allocation rate averages thread-local buffer
     * refills over millions of calls, so a call that allocates nothing reads well below one byte.
     */
    private static void noAllocation(Map<String, Double> allocated, String subject) {
        Double bytes = allocated.get(subject);
        if (bytes == null) {
            return;
        }
        System.out.printf("%s allocates %.3f bytes per call (target: none, < 1): %s%n", subject, bytes,
                bytes < 1 ? "MET" : "MISSED");
    }

    /** A cost with no target, printed as a ratio against its baseline for the record. */
    private static void reportCost(Map<String, Double> score, String subject, String baseline) {
        Double s = score.get(subject);
        Double b = score.get(baseline);
        if (s == null || b == null) {
            return;
        }
        System.out.printf("%s / %s = %.2fx (%.1f us vs %.1f us; no target)%n", subject, baseline, s / b, s, b);
    }

    private static void inverse(Map<String, Double> score, String baseline, String subject, double target) {
        Double s = score.get(subject);
        Double b = score.get(baseline);
        if (s == null || b == null) {
            return;
        }
        double speedup = b / s;
        System.out.printf("%s / %s = %.1fx faster (target >= %.1fx): %s%n", baseline, subject, speedup, target,
                speedup >= target ? "MET" : "MISSED");
    }

    /** A cost with no target: printed as a ratio for the record. */
    private static void report(Map<String, Double> score, String subject, String baseline) {
        Double s = score.get(subject);
        Double b = score.get(baseline);
        if (s == null || b == null) {
            return;
        }
        System.out.printf("%s / %s = %.2fx (%.1f us vs %.1f us; no target, the price of the escape hatch)%n",
                subject, baseline, s / b, s, b);
    }

    private static void ratio(Map<String, Double> score, String subject, String baseline, double target) {
        Double s = score.get(subject);
        Double b = score.get(baseline);
        if (s == null || b == null) {
            return;
        }
        double ratio = s / b;
        System.out.printf("%s / %s = %.2fx (target <= %.2fx): %s%n", subject, baseline, ratio, target,
                ratio <= target ? "MET" : "MISSED");
    }
}

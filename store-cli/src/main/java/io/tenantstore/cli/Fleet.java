package io.tenantstore.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.tenantstore.InvalidInputException;
import io.tenantstore.MigrationStatus;
import io.tenantstore.StoreException;
import io.tenantstore.model.Tenant;

/**
 * Runs one piece of work per tenant, a bounded number at a time, printing a progress line as each
 * finishes; and the words the migrate commands share. Not thread-safe (one per command run).
 */
final class Fleet {
    /** Most tenants worked on at once. */
    static final int MAX_PARALLELISM = 64;

    private Fleet() {
    }

    /**
     * What the work did for one tenant.
     *
     * @param kind   a short status word, the same in the JSON (e.g. {@code migrated}, {@code current})
     * @param failed whether it counts as a failure for the exit code
     * @param line   the human line (after the tenant's slug)
     * @param json   the JSON object of the tenant (the slug and kind are added)
     * @param status the migration status read, when one was
     */
    record Outcome(String kind, boolean failed, String line, Map<String, Object> json,
                   @org.jspecify.annotations.Nullable MigrationStatus status) {
        Outcome(String kind, boolean failed, String line, Map<String, Object> json) {
            this(kind, failed, line, json, null);
        }

        static Outcome failure(StoreException e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", e.code().name());
            m.put("message", e.getMessage());
            return new Outcome("failed", true, "FAILED " + e.code() + ": " + e.getMessage(), m);
        }
    }

    /**
     * @param tenants  the tenants, in the order of the result
     * @param parallel tenants worked on at once, 1 to {@value #MAX_PARALLELISM}
     * @param progress where each tenant's line goes as it finishes, {@code null} for none
     * @param work     the work; a {@link StoreException} it throws becomes a failed outcome
     * @return each tenant's outcome, in the tenants' order
     * @throws InterruptedException when interrupted while waiting
     */
    static List<Outcome> run(List<Tenant> tenants, int parallel, @org.jspecify.annotations.Nullable PrintWriter progress,
                             Function<Tenant, Outcome> work) throws InterruptedException {
        return run(tenants, parallel, progress, "", work);
    }

    /**
     * As above, each progress line starting with {@code prefix} (a step of a longer command).
     */
    static List<Outcome> run(List<Tenant> tenants, int parallel, @org.jspecify.annotations.Nullable PrintWriter progress,
                             String prefix, Function<Tenant, Outcome> work) throws InterruptedException {
        if (parallel < 1 || parallel > MAX_PARALLELISM) {
            throw new InvalidInputException("--parallel must be between 1 and " + MAX_PARALLELISM + ": " + parallel);
        }
        int width = String.valueOf(tenants.size()).length();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "tenantstore-fleet");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Tenant t : tenants) {
                futures.add(pool.submit(() -> {
                    Outcome o;
                    try {
                        o = work.apply(t);
                    } catch (StoreException e) {
                        o = Outcome.failure(e);
                    }
                    if (progress != null) {
                        synchronized (progress) {
                            progress.printf(prefix + "[%" + width + "d/%d] %-24s %s%n", done.incrementAndGet(),
                                    tenants.size(), t.slug(), o.line());
                            progress.flush();
                        }
                    }
                    return o;
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                try {
                    outcomes.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a tenant's task failed unexpectedly", e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * @param unreadable how many tenants the listing left out (their definition cannot be read):
     *                   each counts as failed
     * @return 0 when nothing failed, 1 when every tenant failed, else 3
     */
    static int exitCode(List<Outcome> outcomes, int unreadable) {
        long failed = outcomes.stream().filter(Outcome::failed).count() + unreadable;
        return failed == 0 ? Main.EXIT_OK
                : failed < outcomes.size() + unreadable ? Main.EXIT_PARTIAL : Main.EXIT_FAILED;
    }

    /**
     * Prints a line per tenant the listing left out because its definition cannot be read; a fleet
     * command never passes over one in silence.
     *
     * @param unreadable slug to reason, from {@link io.tenantstore.repository.TenantRepository#unreadable()}
     */
    static void printUnreadable(PrintWriter out, Map<String, String> unreadable) {
        printUnreadable(out, "", unreadable);
    }

    /** As above, each line starting with {@code prefix} (a step of a longer command). */
    static void printUnreadable(PrintWriter out, String prefix, Map<String, String> unreadable) {
        unreadable.forEach((slug, why) -> out.printf(prefix + "[-] %-24s SKIPPED: its definition cannot be read: %s%n",
                slug, why));
    }

    /** @return the JSON list of the tenants left out: each with its slug and the reason */
    static List<Object> json(Map<String, String> unreadable) {
        List<Object> list = new ArrayList<>();
        unreadable.forEach((slug, why) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tenant", slug);
            m.put("message", why);
            list.add(m);
        });
        return list;
    }

    /** @return {@code ", N unreadable (left out)"}, or nothing when every tenant was read */
    static String unreadableCount(Map<String, String> unreadable) {
        return unreadable.isEmpty() ? "" : ", " + unreadable.size() + " unreadable (left out)";
    }

    /** @return how many outcomes are of {@code kind} */
    static long count(List<Outcome> outcomes, String kind) {
        return outcomes.stream().filter(o -> o.kind().equals(kind)).count();
    }

    /** @return the JSON list of outcomes, each with its tenant and kind first */
    static List<Object> json(List<Tenant> tenants, List<Outcome> outcomes) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < tenants.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tenant", tenants.get(i).slug());
            m.put("status", outcomes.get(i).kind());
            m.putAll(outcomes.get(i).json());
            list.add(m);
        }
        return list;
    }

    /**
     * @param migrations items {@code <history> V<version>}, in order
     * @return them grouped by history: {@code tenantstore V1, V2; row-security V1}
     */
    static String versions(List<String> migrations) {
        Map<String, List<String>> byHistory = new LinkedHashMap<>();
        for (String m : migrations) {
            int space = m.lastIndexOf(' ');
            byHistory.computeIfAbsent(m.substring(0, space), k -> new ArrayList<>()).add(m.substring(space + 1));
        }
        List<String> parts = new ArrayList<>();
        byHistory.forEach((history, vs) -> parts.add(history + " " + String.join(", ", vs)));
        return String.join("; ", parts);
    }

    /** @return each history's current version: {@code tenantstore V4, row-security V1} ({@code none} when empty) */
    static String currentVersions(MigrationStatus status) {
        List<String> parts = new ArrayList<>();
        for (MigrationStatus.History h : status.histories()) {
            parts.add(h.name() + " " + h.currentVersion().map(v -> "V" + v).orElse("(none)"));
        }
        return String.join(", ", parts);
    }

    /** @return the status as JSON: target and each history's current, pending and failed versions */
    static Map<String, Object> json(MigrationStatus status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", status.target());
        List<Object> histories = new ArrayList<>();
        for (MigrationStatus.History h : status.histories()) {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("name", h.name());
            hm.put("current", h.currentVersion().orElse(null));
            hm.put("pending", new ArrayList<Object>(h.pending()));
            hm.put("failed", new ArrayList<Object>(h.failed()));
            histories.add(hm);
        }
        m.put("histories", histories);
        return m;
    }
}

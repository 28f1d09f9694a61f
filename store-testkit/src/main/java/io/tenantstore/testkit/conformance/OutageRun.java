package io.tenantstore.testkit.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.UnavailableException;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database outage under load, for fault tests: {@value #THREADS} threads of mixed reads and
 * writes on one tenant while the test stops its own server and starts it again, then the figures
 * the README states: latency of failing calls, recovery time, writes lost or phantom. Writes the
 * figures to {@code target/outage-report/<engine>.txt} so runs can be compared. Not thread-safe:
 * one run at a time.
 */
public final class OutageRun {
    private static final Logger LOG = LoggerFactory.getLogger(OutageRun.class);
    /** Threads of load. */
    public static final int THREADS = 8;

    /** What the server does. */
    @FunctionalInterface
    public interface ServerAction {
        /** @throws Exception when it fails */
        void run() throws Exception;
    }

    /**
     * The figures of one outage.
     *
     * @param calls              calls made
     * @param failingMicros      latencies of the calls that started after the first failure ended
     *                           and failed, sorted
     * @param recoveryMs         from the server being back (its start returned) to the end of the
     *                           first successful call that started after it
     * @param downMs             how long the server was stopped
     * @param untyped            errors that were not a {@code StoreException} subtype the test expects
     * @param acknowledged       writes that returned normally
     * @param lost               acknowledged writes not found afterwards (must be 0)
     * @param failedWrites       writes reported failed (not outcome-unknown)
     * @param phantom            writes reported failed that had committed (must be 0)
     * @param unknown            writes reported as {@code OUTCOME_UNKNOWN}
     * @param unknownCommitted   of those, how many had committed
     */
    public record Figures(int calls, List<Long> failingMicros, long recoveryMs, long downMs, List<String> untyped,
                          int acknowledged, int lost, int failedWrites, int phantom, int unknown,
                          int unknownCommitted) {
        /** @param p percentile, 1..100 @return the latency of failing calls at it, in microseconds */
        public long failingPercentileMicros(int p) {
            if (failingMicros.isEmpty()) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100.0 * failingMicros.size()) - 1;
            return failingMicros.get(Math.max(0, Math.min(failingMicros.size() - 1, i)));
        }

        /** @param engine the engine's name @return one line with every figure */
        public String report(String engine) {
            return String.format("%s outage: %d calls, %d failing after the first failure; failing calls p50 %.2f ms,"
                            + " p99 %.2f ms, max %.2f ms; recovery %d ms after the server was back (down %d ms);"
                            + " writes acknowledged %d (lost %d), reported failed %d (committed %d), outcome"
                            + " unknown %d (of which committed %d); untyped errors %d",
                    engine, calls, failingMicros.size(), failingPercentileMicros(50) / 1000.0,
                    failingPercentileMicros(99) / 1000.0,
                    failingMicros.isEmpty() ? 0.0 : failingMicros.get(failingMicros.size() - 1) / 1000.0,
                    recoveryMs, downMs, acknowledged, lost, failedWrites, phantom, unknown, unknownCommitted,
                    untyped.size());
        }
    }

    private record Call(long startNs, long endNs, boolean write, String email, Outcome outcome, String error) {
    }

    private enum Outcome { OK, FAILED, UNKNOWN, UNTYPED }

    private OutageRun() {
    }

    /**
     * Runs the load, stops the server after {@code warmUp}, starts it after {@code downFor}, keeps
     * the load on for {@code after}, then checks every write against the table.
     *
     * @param store   the store; the tenant must exist and be bound
     * @param slug    the tenant
     * @param stop    stops the server
     * @param start   starts it again on the same address; returns once it accepts connections
     * @param downFor how long it stays stopped
     * @param engine  the engine's name, for the report file
     * @return the figures
     * @throws Exception when the server actions fail
     */
    public static Figures run(DataAccessLayer store, String slug, ServerAction stop, ServerAction start,
                              Duration downFor, String engine) throws Exception {
        User seed = store.forTenant(slug).users().create(NewUser.of("seed-" + System.nanoTime() + "@example.com",
                null));
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sequence = new AtomicInteger();
        String prefix = "o" + Long.toString(System.nanoTime(), 36);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch started = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            threads.submit(() -> {
                started.countDown();
                while (running.get()) {
                    boolean write = ThreadLocalRandom.current().nextBoolean();
                    String email = write ? prefix + "-" + sequence.incrementAndGet() + "@example.com" : null;
                    long s = System.nanoTime();
                    Outcome outcome = Outcome.OK;
                    String error = "";
                    try {
                        if (write) {
                            store.forTenant(slug).users().create(NewUser.of(email, null));
                        } else {
                            store.forTenant(slug).users().getById(seed.id());
                        }
                    } catch (UnavailableException e) {
                        outcome = e.reason() == UnavailableException.Reason.OUTCOME_UNKNOWN
                                ? Outcome.UNKNOWN : Outcome.FAILED;
                        error = e.reason().name();
                    } catch (RuntimeException e) {
                        outcome = Outcome.UNTYPED;
                        error = e.toString();
                    }
                    calls.add(new Call(s, System.nanoTime(), write, email, outcome, error));
                }
                return null;
            });
        }
        started.await();
        pause(Duration.ofMillis(1500));
        long stopAt = System.nanoTime();
        stop.run();
        pause(downFor);
        start.run();
        long backAt = System.nanoTime();
        pause(Duration.ofMillis(2500));
        running.set(false);
        threads.shutdown();
        if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the load threads did not stop within 30 s");
        }

        List<Call> all = new ArrayList<>(calls);
        List<String> untyped = all.stream().filter(c -> c.outcome() == Outcome.UNTYPED).map(Call::error).toList();
        long firstFailureEnd = all.stream().filter(c -> c.outcome() != Outcome.OK).mapToLong(Call::endNs).min()
                .orElse(Long.MAX_VALUE);
        List<Long> failing = all.stream().filter(c -> c.outcome() != Outcome.OK && c.startNs() >= firstFailureEnd)
                .map(c -> (c.endNs() - c.startNs()) / 1_000).sorted().toList();
        long firstSuccessAfterBack = all.stream().filter(c -> c.outcome() == Outcome.OK && c.startNs() >= backAt)
                .mapToLong(Call::endNs).min().orElse(Long.MAX_VALUE);
        long recoveryMs = firstSuccessAfterBack == Long.MAX_VALUE ? Long.MAX_VALUE
                : (firstSuccessAfterBack - backAt) / 1_000_000;

        Set<String> stored = emails(store.forTenant(slug).unwrap(DataSource.class), prefix);
        int acknowledged = 0;
        int lost = 0;
        int failedWrites = 0;
        int phantom = 0;
        int unknown = 0;
        int unknownCommitted = 0;
        for (Call c : all) {
            if (!c.write()) {
                continue;
            }
            boolean present = stored.contains(c.email());
            switch (c.outcome()) {
                case OK -> {
                    acknowledged++;
                    lost += present ? 0 : 1;
                }
                case FAILED -> {
                    failedWrites++;
                    phantom += present ? 1 : 0;
                }
                case UNKNOWN -> {
                    unknown++;
                    unknownCommitted += present ? 1 : 0;
                }
                default -> {
                    // untyped: counted above
                }
            }
        }
        Figures figures = new Figures(all.size(), failing, recoveryMs, (backAt - stopAt) / 1_000_000, untyped,
                acknowledged, lost, failedWrites, phantom, unknown, unknownCommitted);
        String report = figures.report(engine);
        LOG.info(report);
        Path out = Path.of("target", "outage-report");
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve(engine + ".txt"), report + System.lineSeparator());
        } catch (IOException e) {
            LOG.warn("could not write the outage report: {}", e.toString());
        }
        return figures;
    }

    private static Set<String> emails(DataSource tenant, String prefix) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = tenant.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT email FROM ts_users WHERE email LIKE ?")) {
            ps.setString(1, prefix + "-%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Waits for a period of wall time while the load runs; nothing here stands in for a signal. */
    private static void pause(Duration d) throws InterruptedException {
        new CountDownLatch(1).await(d.toNanos(), TimeUnit.NANOSECONDS);
    }
}

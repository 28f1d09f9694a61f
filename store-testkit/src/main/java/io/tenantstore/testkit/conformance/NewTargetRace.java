package io.tenantstore.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.tenantstore.Isolation;
import io.tenantstore.model.NewUser;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantScope;

/**
 * Two instances of an application (two adapter connections, each with its own pool, as two
 * processes have) meet the same brand-new tenant target at the same moment, round after round:
 * both must serve it, and its history must record every version once, each a success. Flyway's own
 * lock lives in the history table, which a new target does not have yet, so this is what a
 * migration lock across processes has to hold.
 */
public final class NewTargetRace {
    private NewTargetRace() {
    }

    /** Reads a target's history rows, each ending in {@code |<success>}, the version second: {@code rank|version|...|true}. */
    @FunctionalInterface
    public interface History {
        /**
         * @param target the schema or database
         * @return its rows, in order
         * @throws Exception when they cannot be read
         */
        List<String> of(String target) throws Exception;
    }

    /**
     * Schema isolation: the two instances serve every round, each round a new schema.
     *
     * @param instance  opens one instance (called twice; both are closed at the end)
     * @param newTarget names a schema (MySQL: a database) that does not exist yet, for each round
     * @param history   reads a target's history rows
     * @param rounds    how many new targets
     * @throws Exception when an instance fails
     */
    public static void bothInstancesServeIt(Supplier<AdapterConnection> instance, Supplier<String> newTarget,
                                            History history, int rounds) throws Exception {
        try (AdapterConnection first = instance.get(); AdapterConnection second = instance.get()) {
            for (int round = 0; round < rounds; round++) {
                String target = newTarget.get();
                race(first, second, new TenantScope(UUID.randomUUID().toString(), "race", Isolation.SCHEMA, target),
                        round);
                requireHistory(history.of(target), target, round);
            }
        }
    }

    /**
     * Database isolation: each round a new, empty database, which both instances (two pools on its
     * URL) meet at once.
     *
     * @param instanceOn opens one instance on the named database (called twice per round; closed after it)
     * @param newDatabase creates an empty database and names it, for each round
     * @param history    as for schema isolation, of the database's own history table
     * @param rounds     how many new databases
     * @throws Exception when an instance fails
     */
    public static void bothInstancesServeNewDatabases(Function<String, AdapterConnection> instanceOn,
                                                      Supplier<String> newDatabase,
                                                      History history, int rounds)
            throws Exception {
        for (int round = 0; round < rounds; round++) {
            String database = newDatabase.get();
            try (AdapterConnection first = instanceOn.apply(database);
                 AdapterConnection second = instanceOn.apply(database)) {
                race(first, second, new TenantScope(UUID.randomUUID().toString(), "race", Isolation.DATABASE, null),
                        round);
            }
            requireHistory(history.of(database), database, round);
        }
    }

    private static void race(AdapterConnection first, AdapterConnection second, TenantScope scope, int round)
            throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<String>> calls = new ArrayList<>();
            for (AdapterConnection each : List.of(first, second)) {
                String email = "u" + round + "-" + calls.size() + "@acme.io";
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return each.bind(scope).users().create(NewUser.of(email, null)).id();
                }, callers));
            }
            go.countDown();
            for (CompletableFuture<String> call : calls) {
                assertThat(call.get(120, TimeUnit.SECONDS)).as("round %d", round).isNotBlank();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private static void requireHistory(List<String> rows, String target, int round) {
        assertThat(rows).as("round %d: the history of %s", round, target).hasSizeGreaterThan(1)
                .allSatisfy(row -> assertThat(row).endsWith("|true"));
        assertThat(rows.stream().map(row -> row.split("\\|")[1]).distinct().count())
                .as("round %d: each version once", round).isEqualTo(rows.size());
    }
}

package io.tenantstore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one tenant's target (its database, its schema, or the shared tables) stands against the
 * migrations that belong to it, read without changing anything. A target has one or more
 * histories, each a separate line of versions: TenantStore's own tables, the row-level security
 * policies of a shared target, the application's migrations. Immutable and thread-safe.
 *
 * @param target    where the target is, in words, without secrets (e.g. {@code schema 't_acme' of jdbc:postgresql://db/app})
 * @param histories each line of versions the target carries
 */
public record MigrationStatus(String target, List<History> histories) {
    /** Copies the list; rejects nulls. */
    public MigrationStatus {
        Objects.requireNonNull(target, "target");
        histories = List.copyOf(histories);
    }

    /** @return whether nothing is pending and nothing failed, in every history */
    public boolean current() {
        return histories.stream().allMatch(h -> h.pending().isEmpty() && h.failed().isEmpty());
    }

    /** @return whether some history records a failed migration */
    public boolean hasFailed() {
        return histories.stream().anyMatch(h -> !h.failed().isEmpty());
    }

    /** @return every pending migration, as {@code <history> V<version>}, in order */
    public List<String> pending() {
        List<String> all = new ArrayList<>();
        for (History h : histories) {
            h.pending().forEach(v -> all.add(h.name() + " V" + v));
        }
        return List.copyOf(all);
    }

    /**
     * @param name a history's name
     * @return that history, when the target carries it
     */
    public Optional<History> history(String name) {
        return histories.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /**
     * The migrations applied between two readings of the same target: those pending in
     * {@code before} that are no longer pending, nor failed, in {@code after}.
     *
     * @param before the status before a migration run
     * @param after  the status after it
     * @return each applied migration as {@code <history> V<version>}, in order
     */
    public static List<String> applied(MigrationStatus before, MigrationStatus after) {
        List<String> applied = new ArrayList<>();
        for (History b : before.histories()) {
            Optional<History> a = after.history(b.name());
            for (String v : b.pending()) {
                if (a.isPresent() && !a.get().pending().contains(v) && !a.get().failed().contains(v)) {
                    applied.add(b.name() + " V" + v);
                }
            }
        }
        return List.copyOf(applied);
    }

    /**
     * One line of versions of a target.
     *
     * @param name           {@value #TENANTSTORE} (the store's tables or indexes), {@value #ROW_SECURITY}
     *                       or {@value #APPLICATION}
     * @param currentVersion the highest version applied successfully; empty when none is
     * @param pending        versions not applied yet, in the order they would run
     * @param failed         versions recorded as failed (the target needs repair before it migrates)
     */
    public record History(String name, Optional<String> currentVersion, List<String> pending, List<String> failed) {
        /** TenantStore's own tables (or, on MongoDB, its indexes). */
        public static final String TENANTSTORE = "tenantstore";
        /** The row-level security policies of a shared target. */
        public static final String ROW_SECURITY = "row-security";
        /** The application's own migration locations. */
        public static final String APPLICATION = "application";

        /** Copies the lists; rejects nulls. */
        public History {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(currentVersion, "currentVersion");
            pending = List.copyOf(pending);
            failed = List.copyOf(failed);
        }
    }
}

package io.tenantstore.fs;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import io.tenantstore.fs.internal.ControlPlaneCopy;
import io.tenantstore.spi.ControlPlaneStore;

/**
 * Rebuilds one side of the control plane from the other: the YAML files under a root and the
 * copy (or the source) in a global database. Documents are copied as text, so secrets stay
 * {@code enc:} values and client secrets stay hashes end to end; nothing is decrypted. Used by
 * {@code tenantstore control-plane sync|export|import}. Thread-safe (stateless).
 */
public final class ControlPlaneSync {
    private ControlPlaneSync() {
    }

    /**
     * What a sync did (or, in a dry run, would do), by tenant slug.
     *
     * @param created   tenants created on the target
     * @param updated   tenants replaced on the target
     * @param deleted   tenants removed from the target because the source has none
     * @param unchanged how many were already equal
     * @param skipped   "slug: why" for tenants left alone: the source could not be read or failed the
     *                  readers' checks, or the write failed
     */
    public record Report(List<String> created, List<String> updated, List<String> deleted, int unchanged,
                         List<String> skipped) {
        /** Copies the lists. */
        public Report {
            created = List.copyOf(created);
            updated = List.copyOf(updated);
            deleted = List.copyOf(deleted);
            skipped = List.copyOf(skipped);
        }

        /** @return whether the sides were equal before */
        public boolean inSync() {
            return created.isEmpty() && updated.isEmpty() && deleted.isEmpty();
        }
    }

    /**
     * Makes the database equal to the files under {@code root}. Every document is checked as the
     * readers check it first; a tenant that fails the check (or whose write fails) is skipped and
     * named in the report, the others go on.
     *
     * @param root             the control-plane root (holding {@code tenants/})
     * @param store            the database
     * @param dryRun           report only
     * @param allowEmptySource whether files holding no tenant may remove every tenant of the database
     * @param progress         told of each tenant ("3/120 acme: updated")
     * @return the report
     * @throws io.tenantstore.InvalidInputException when {@code root} holds no {@code tenants/}, or
     *         holds no tenant while the database does and {@code allowEmptySource} is false
     */
    public static Report toDatabase(Path root, ControlPlaneStore store, boolean dryRun, boolean allowEmptySource,
                                    Consumer<String> progress) {
        return of(ControlPlaneCopy.toDatabase(root, store, dryRun, allowEmptySource, progress));
    }

    /**
     * Makes the files under {@code root} equal to the database (creating the root when missing).
     * A tenant directory the database does not hold is taken from its slug, and what is not the
     * control plane's in it (a tenant's SQLite file) is kept under {@code tenants/.kept-<slug>-*}.
     *
     * @param store            the database
     * @param root             the control-plane root
     * @param dryRun           report only
     * @param allowEmptySource whether a database holding no tenant may remove every tenant of the files
     * @param progress         told of each tenant
     * @return the report
     * @throws io.tenantstore.InvalidInputException when {@code root} is not a directory, or the
     *         database holds no tenant while the files do and {@code allowEmptySource} is false
     */
    public static Report toFiles(ControlPlaneStore store, Path root, boolean dryRun, boolean allowEmptySource,
                                 Consumer<String> progress) {
        return of(ControlPlaneCopy.toFiles(store, root, dryRun, allowEmptySource, progress));
    }

    private static Report of(ControlPlaneCopy.Report r) {
        return new Report(r.created(), r.updated(), r.deleted(), r.unchanged(), r.skipped());
    }
}

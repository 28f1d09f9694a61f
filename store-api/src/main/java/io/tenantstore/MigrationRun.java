package io.tenantstore;

import java.util.List;
import java.util.Objects;

/**
 * What {@link DataAccessLayer#migrate(String)} did to one tenant's target. Immutable and thread-safe.
 *
 * @param slug    the tenant
 * @param applied each migration applied by the run, as {@code <history> V<version>}; empty when
 *                the target was already current
 * @param status  where the target stands afterwards
 */
public record MigrationRun(String slug, List<String> applied, MigrationStatus status) {
    /** Copies the list; rejects nulls. */
    public MigrationRun {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(status, "status");
        applied = List.copyOf(applied);
    }
}

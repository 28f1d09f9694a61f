package io.tenantstore;

import java.util.List;

/**
 * The result of {@link DataAccessLayer#health()}.
 *
 * @param checks one entry per component checked
 */
public record HealthReport(List<Check> checks) {
    /** Copies the list. */
    public HealthReport {
        checks = List.copyOf(checks);
    }

    /** @return whether every check passed */
    public boolean healthy() {
        return checks.stream().allMatch(Check::healthy);
    }

    /**
     * One component.
     *
     * @param name    e.g. {@code control-plane} or a pool key
     * @param healthy whether it answered
     * @param detail  what was seen (never a secret)
     */
    public record Check(String name, boolean healthy, String detail) {
    }
}

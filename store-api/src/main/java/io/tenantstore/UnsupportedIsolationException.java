package io.tenantstore;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A database configuration asks an adapter for an isolation it does not declare (for example
 * {@code schema} on SQLite, which has no schemas). Raised when the configuration is read or written
 * (store start, tenant create or update, first {@code forTenant}), before anything is connected.
 * Immutable.
 */
public class UnsupportedIsolationException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final String driver;
    private final Isolation isolation;
    private final Set<Isolation> supported;

    /**
     * @param driver    the adapter's name
     * @param isolation the isolation asked for
     * @param supported the isolations the adapter declares
     */
    public UnsupportedIsolationException(String driver, Isolation isolation, Set<Isolation> supported) {
        super("the " + driver + " adapter does not support '" + isolation.yamlName() + "' isolation; it supports: "
                + supported.stream().sorted().map(Isolation::yamlName).collect(Collectors.joining(", ")));
        this.driver = Objects.requireNonNull(driver, "driver");
        this.isolation = Objects.requireNonNull(isolation, "isolation");
        this.supported = supported.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(supported));
    }

    /** @return the adapter's name */
    public String driver() {
        return driver;
    }

    /** @return the isolation asked for */
    public Isolation isolation() {
        return isolation;
    }

    /** @return the isolations the adapter declares */
    public Set<Isolation> supported() {
        return supported;
    }
}

package io.tenantstore.core.internal;

import io.tenantstore.InvalidInputException;

/**
 * Checks for Micrometer without loading it: registries are taken as {@code Object} so that core
 * works without Micrometer on the classpath. Stateless, thread-safe.
 */
public final class OptionalMicrometer {
    /** Micrometer's registry type. */
    public static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    private OptionalMicrometer() {
    }

    /**
     * @param registry what a builder was given
     * @return it, when it is a Micrometer {@code MeterRegistry}
     * @throws InvalidInputException naming its type otherwise
     */
    public static Object requireRegistry(Object registry) {
        // By name: referring to the class would need Micrometer to load this one.
        for (Class<?> t = registry.getClass(); t != null; t = t.getSuperclass()) {
            if (t.getName().equals(METER_REGISTRY)) {
                return registry;
            }
        }
        throw new InvalidInputException("meterRegistry must be a " + METER_REGISTRY + ": "
                + registry.getClass().getName());
    }
}

package io.tenantstore;

import java.util.Locale;

/** Where a tenant's rows live on its database server (docs/isolation.md). */
public enum Isolation {
    /** The tenant has its own database (own URL) and its own pool. */
    DATABASE,
    /** The tenant has its own schema (MySQL: database) on a shared server and pool. */
    SCHEMA,
    /** Shared tables; rows separated by {@code tenant_id}. */
    SHARED;

    /**
     * @param text {@code database}, {@code schema} or {@code shared}, any case
     * @return the isolation
     * @throws InvalidInputException for any other text, listing the accepted values
     */
    public static Isolation parse(String text) {
        for (Isolation i : values()) {
            if (i.name().equalsIgnoreCase(text.trim())) {
                return i;
            }
        }
        throw new InvalidInputException("unknown isolation '" + text + "'; expected one of: database, schema, shared");
    }

    /** @return the lower-case name used in YAML */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

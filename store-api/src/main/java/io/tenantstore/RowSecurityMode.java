package io.tenantstore;

import java.util.Locale;

/**
 * Whether the server's row-level security must really protect {@code shared} tenants
 * ({@code rowSecurity:} in a database block; PostgreSQL only). Immutable.
 */
public enum RowSecurityMode {
    /**
     * Default: a runtime login that bypasses row-level security (superuser, {@code BYPASSRLS}) is
     * refused when a {@code shared} tenant is bound.
     */
    ENFORCED,
    /**
     * The policies are installed and used, but the runtime login may bypass them; tenants are then
     * kept apart by the library's {@code tenant_id} filter only. Say so only on purpose.
     */
    ADVISORY;

    /**
     * @param text {@code enforced} or {@code advisory}, any case
     * @return the mode
     * @throws InvalidInputException for any other text, listing the accepted values
     */
    public static RowSecurityMode parse(String text) {
        for (RowSecurityMode m : values()) {
            if (m.name().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new InvalidInputException("unknown rowSecurity '" + text + "'; expected one of: enforced, advisory");
    }

    /** @return the lower-case name used in YAML */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

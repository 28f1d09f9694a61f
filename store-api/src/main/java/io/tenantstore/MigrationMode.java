package io.tenantstore;

import java.util.Locale;

/**
 * What a store does with a data source's schema when it first binds a tenant to it
 * ({@code migrate:} in a database block). Immutable.
 */
public enum MigrationMode {
    /** Run the pending migrations (as the owner login when one is configured). Default. */
    ON_CONNECT,
    /** Run nothing; refuse with a {@link MigrationException} when the target is behind. */
    VALIDATE,
    /**
     * Run nothing: the schema is managed elsewhere (e.g. {@code tenantstore migrate}). The one
     * check left: a target whose schema history does not record the table version this release's
     * repositories need is refused with a {@link MigrationException}.
     */
    OFF;

    /**
     * @param text {@code on-connect}, {@code validate} or {@code off}, any case
     * @return the mode
     * @throws InvalidInputException for any other text, listing the accepted values
     */
    public static MigrationMode parse(String text) {
        for (MigrationMode m : values()) {
            if (m.yamlName().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new InvalidInputException("unknown migrate mode '" + text + "'; expected one of: on-connect, validate, off");
    }

    /** @return the name used in YAML: {@code on-connect}, {@code validate}, {@code off} */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

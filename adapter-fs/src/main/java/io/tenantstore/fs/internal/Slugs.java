package io.tenantstore.fs.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.tenantstore.InvalidInputException;
import io.tenantstore.core.yaml.YamlMap;

/**
 * Validates tenant slugs before any path is built from them. Stateless and thread-safe.
 */
final class Slugs {
    /** The slug rule (docs/configuration.md). */
    static final Pattern SLUG = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$");

    // Device names Windows refuses as file names; refused everywhere so a data directory stays portable.
    private static final Set<String> RESERVED = Set.of("con", "prn", "aux", "nul",
            "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");
    // forTenant accepts a slug or an id: a slug shaped like a UUID could name another tenant's id.
    private static final Pattern UUID_SHAPED =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Slugs() {
    }

    /**
     * @param slug a candidate slug (may be anything a caller passed)
     * @return the slug, when valid
     * @throws InvalidInputException quoting the slug (control characters escaped) otherwise
     */
    static String validate(String slug) {
        if (slug == null) {
            throw new InvalidInputException("tenant slug must not be null");
        }
        if (!SLUG.matcher(slug).matches()) {
            throw new InvalidInputException("invalid tenant slug '" + YamlMap.quote(slug)
                    + "': use 1 to 63 lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
        if (RESERVED.contains(slug.toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException("invalid tenant slug '" + slug + "': reserved device name");
        }
        if (UUID_SHAPED.matcher(slug).matches()) {
            throw new InvalidInputException("invalid tenant slug '" + slug + "': shaped like a UUID, which"
                    + " forTenant would take for a tenant id");
        }
        return slug;
    }

    /**
     * @param name a directory name
     * @return whether it is a valid slug (directories named otherwise are not tenants)
     */
    static boolean isSlug(String name) {
        return SLUG.matcher(name).matches() && !RESERVED.contains(name) && !UUID_SHAPED.matcher(name).matches();
    }
}

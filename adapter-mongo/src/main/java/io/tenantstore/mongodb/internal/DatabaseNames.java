package io.tenantstore.mongodb.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.tenantstore.spi.Text;
import io.tenantstore.InvalidInputException;

/**
 * MongoDB database names: validation against the server's naming rules and the default name of a
 * tenant's own database. Stateless, thread-safe.
 *
 * <p>The rules are MongoDB's portable ones (those of Windows deployments, a superset of the Unix
 * ones, so a name valid here is valid on every server): not empty, fewer than 64 bytes, none of
 * {@code / \ . " $ * < > : | ?}, space or NUL. The server's own databases {@code admin},
 * {@code local} and {@code config} are refused as homes for tenant data.
 */
public final class DatabaseNames {
    /** Longest database name in UTF-8 bytes (MongoDB: "fewer than 64 characters"). */
    public static final int MAX_BYTES = 63;
    /** Prefix of the database derived from a tenant's slug. */
    public static final String TENANT_PREFIX = "t_";
    /** Prefix of shortened names: no slug yields it after {@code t_}, so they never collide with full ones. */
    static final String SHORTENED_PREFIX = "th_";

    private static final String FORBIDDEN = "/\\. \"$*<>:|?\0";
    private static final Set<String> RESERVED = Set.of("admin", "local", "config");
    private static final Pattern DERIVED = Pattern.compile("[a-z0-9_]+");
    // Room left for the slug part when a long slug is shortened: prefix, 50 chars, '_', 8 hex digits.
    private static final int SHORTENED_SLUG_CHARS = 50;

    private DatabaseNames() {
    }

    /**
     * Checks a database name against MongoDB's rules.
     *
     * @param name the name
     * @param what where the name came from, for the message (e.g. {@code "the URL's database"})
     * @return the name
     * @throws InvalidInputException naming the value and the rule it breaks
     */
    public static String validate(String name, String what) {
        if (name.isEmpty()) {
            throw new InvalidInputException(what + " must not be empty");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new InvalidInputException(what + " " + Text.quote(name) + " is " + bytes
                    + " bytes long; MongoDB database names must be at most " + MAX_BYTES + " bytes");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (FORBIDDEN.indexOf(c) >= 0 || Character.isISOControl(c)) {
                throw new InvalidInputException(what + " " + Text.quote(name) + " contains "
                        + Text.quote(String.valueOf(c)) + ", which MongoDB database names must not contain"
                        + " (forbidden: / \\ . \" $ * < > : | ? space and control characters)");
            }
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException(what + " " + Text.quote(name)
                    + " is one of MongoDB's own databases (admin, local, config) and cannot hold tenant data;"
                    + " name another database (authenticate against admin with ?authSource=admin)");
        }
        return name;
    }

    /**
     * Checks a data source's URL, login and the database it names the way opening it would,
     * without connecting (a tenant's block is checked before it is stored).
     *
     * @param db the data source
     * @throws InvalidInputException naming the bad value
     */
    public static void checkConfig(io.tenantstore.DbConfig db) {
        ClientSetup.of(db, null);
    }

    /**
     * The database of a tenant in {@code database} isolation when the URL names none:
     * {@code t_<slug>} with {@code -} replaced by {@code _}. A slug too long for MongoDB's limit
     * (slugs may have 63 characters, the prefix makes 65) becomes {@code th_}, its first 50
     * characters, {@code _} and 8 hex digits of the slug's SHA-256; no full name starts with
     * {@code th_}, so a shortened name never equals the full name of another slug.
     *
     * @param slug the tenant's slug ({@code [a-z0-9-]})
     * @return the database name
     * @throws InvalidInputException when the slug holds characters a slug cannot have
     */
    public static String forTenant(String slug) {
        String base = slug.replace('-', '_');
        if (base.isEmpty() || !DERIVED.matcher(base).matches()) {
            throw new InvalidInputException("tenant slug " + Text.quote(slug)
                    + " cannot name a MongoDB database: a slug has only a-z, 0-9 and '-'");
        }
        String name = TENANT_PREFIX + base;
        if (name.length() > MAX_BYTES) {
            name = SHORTENED_PREFIX + base.substring(0, SHORTENED_SLUG_CHARS) + "_" + shortHash(slug);
        }
        return validate(name, "tenant database");
    }

    private static String shortHash(String slug) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(slug.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JDK", e);
        }
    }
}

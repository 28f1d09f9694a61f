package io.tenantstore.jdbc.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import io.tenantstore.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * Input rules of the repositories, checked before any SQL runs. Thread-safe (stateless).
 *
 * <p>Ids are UUID strings in canonical 8-4-4-4-12 form (any case). A malformed id is an
 * {@link InvalidInputException} naming the field, in every method, reads included: an id that
 * cannot exist is a caller bug, not a missing row.
 */
final class Inputs {
    /** Longest email (RFC 5321 path limit minus the angle brackets). */
    static final int MAX_EMAIL = 254;
    static final int MAX_DISPLAY_NAME = 256;
    static final int MAX_HASH = 256;
    static final int MAX_PASSWORD_HASH = 1024;
    static final int MAX_TEXT = 1024;
    static final int MAX_RECOVERY_CODES = 100;
    /** Longest lifetime of a token or trusted device; keeps expiry arithmetic far from overflow. */
    static final Duration MAX_TTL = Duration.ofDays(3650);

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9:._/-]{1,128}");
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9:._-]{1,128}");
    private static final Pattern PERMISSION = Pattern.compile("[\\x21-\\x7E]{1,256}");
    /** Dot-atom characters, plus letters and digits of any script (RFC 6531 addresses). */
    private static final Pattern LOCAL_PART = Pattern.compile("[\\p{L}\\p{M}\\p{N}!#$%&'*+/=?^_`{|}~.-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Inputs() {
    }

    /**
     * @param field what the id is, for the message
     * @param id    the id text
     * @return the UUID
     * @throws InvalidInputException when it is not a canonical UUID
     */
    static UUID id(String field, String id) {
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            throw new InvalidInputException(field + " must be a UUID: '" + id + "'");
        }
        return UUID.fromString(id);
    }

    /**
     * A version 7 UUID (RFC 9562): 48 bits of milliseconds from the store's clock, then random
     * bits. Ids created together sort together, which keeps B-tree inserts local.
     *
     * @param now the current time
     * @return a new id
     */
    static UUID newId(Instant now) {
        long millis = now.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long msb = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /**
     * Checks an email (a practical subset of RFC 5321/6531: dot-atom local part, no quoted
     * strings, host name with letter/digit/hyphen labels; letters may be of any script) and
     * returns its lower-cased form,
     * which is what uniqueness and lookups compare.
     *
     * @param email the email
     * @return the normalised (lower-case) email
     * @throws InvalidInputException when malformed, quoting it (an email is not a secret)
     */
    static String email(String email) {
        if (email == null) {
            throw new InvalidInputException("email must not be null");
        }
        if (email.length() > MAX_EMAIL) {
            throw new InvalidInputException("email must be at most " + MAX_EMAIL + " characters: " + email.length());
        }
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1) {
            throw new InvalidInputException("invalid email '" + email + "': expected local-part@domain");
        }
        String local = email.substring(0, at);
        String domain = email.substring(at + 1);
        if (!LOCAL_PART.matcher(local).matches() || local.startsWith(".") || local.endsWith(".")
                || local.contains("..")) {
            throw new InvalidInputException("invalid email '" + email + "': bad local part");
        }
        if (!validDomain(domain)) {
            throw new InvalidInputException("invalid email '" + email + "': bad domain");
        }
        return email.toLowerCase(Locale.ROOT);
    }

    private static boolean validDomain(String domain) {
        if (domain.length() > 253) {
            return false;
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); ) {
                int cp = label.codePointAt(i);
                if (cp != '-' && !Character.isLetterOrDigit(cp)) {
                    return false;
                }
                i += Character.charCount(cp);
            }
        }
        return true;
    }

    /**
     * @param field what it is
     * @param text  the text, or {@code null}
     * @param max   longest allowed
     * @return the text
     * @throws InvalidInputException when longer, or holding control characters
     */
    static @Nullable String optionalText(String field, @Nullable String text, int max) {
        if (text == null) {
            return null;
        }
        return text(field, text, max);
    }

    /**
     * @param field what it is
     * @param text  the text
     * @param max   longest allowed
     * @return the text
     * @throws InvalidInputException when null, longer, or holding control characters
     */
    static String text(String field, String text, int max) {
        if (text == null) {
            throw new InvalidInputException(field + " must not be null");
        }
        if (text.length() > max) {
            throw new InvalidInputException(field + " must be at most " + max + " characters: " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new InvalidInputException(field + " must not contain control characters");
            }
        }
        return text;
    }

    /**
     * A hash (of a token, code or device), never quoted in messages.
     *
     * @param field what it is
     * @param hash  the hash
     * @param max   longest allowed
     * @return the hash
     * @throws InvalidInputException when null, blank, longer, or holding whitespace
     */
    static String hash(String field, String hash, int max) {
        if (hash == null || hash.isEmpty() || hash.length() > max) {
            throw new InvalidInputException(field + " must have 1 to " + max + " characters");
        }
        for (int i = 0; i < hash.length(); i++) {
            char c = hash.charAt(i);
            if (c <= ' ' || c == 0x7F) {
                throw new InvalidInputException(field + " must not contain whitespace or control characters");
            }
        }
        return hash;
    }

    /** @param clientId OAuth client id @return it @throws InvalidInputException when malformed */
    static String clientId(String clientId) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw new InvalidInputException("client id must match [A-Za-z0-9._-]{1,128}: '" + clientId + "'");
        }
        return clientId;
    }

    /** @param scope scope name @return it @throws InvalidInputException when malformed */
    static String scope(String scope) {
        if (scope == null || !SCOPE.matcher(scope).matches()) {
            throw new InvalidInputException("scope must match [A-Za-z0-9:._/-]{1,128}: '" + scope + "'");
        }
        return scope;
    }

    /** @param name role name @return it @throws InvalidInputException when malformed */
    static String roleName(String name) {
        if (name == null || !ROLE_NAME.matcher(name).matches()) {
            throw new InvalidInputException("role name must match [A-Za-z0-9:._-]{1,128}: '" + name + "'");
        }
        return name;
    }

    /** @param permission permission @return it @throws InvalidInputException when malformed */
    static String permission(String permission) {
        if (permission == null || !PERMISSION.matcher(permission).matches()) {
            throw new InvalidInputException(
                    "permission must be 1 to 256 printable ASCII characters without spaces: '" + permission + "'");
        }
        return permission;
    }

    /**
     * @param field what it is
     * @param ttl   a lifetime
     * @return it
     * @throws InvalidInputException when null, not positive, or longer than {@link #MAX_TTL}
     */
    static Duration ttl(String field, Duration ttl) {
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            throw new InvalidInputException(field + " must be positive: " + ttl);
        }
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw new InvalidInputException(field + " must be at most " + MAX_TTL + ": " + ttl);
        }
        return ttl;
    }
}

package io.tenantstore.spi;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import io.tenantstore.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * Input rules of the data-plane repositories, shared by every adapter so a value one engine
 * accepts is accepted by all; checked before anything reaches a database. Thread-safe (stateless).
 *
 * <p>Ids are UUID strings in canonical 8-4-4-4-12 form (any case). A malformed id is an
 * {@link InvalidInputException} naming the field, in every method, reads included: an id that
 * cannot exist is a caller bug, not a missing row.
 */
public final class InputRules {
    /** Longest email (RFC 5321 path limit minus the angle brackets). */
    public static final int MAX_EMAIL = 254;
    public static final int MAX_DISPLAY_NAME = 256;
    public static final int MAX_HASH = 256;
    public static final int MAX_PASSWORD_HASH = 1024;
    public static final int MAX_TEXT = 1024;
    public static final int MAX_RECOVERY_CODES = 100;
    /** Longest identity provider name or subject (OpenID Connect's limit for {@code sub}). */
    public static final int MAX_IDENTITY_PART = 255;
    /** Longest raw claims document of an external identity, in characters. */
    public static final int MAX_CLAIMS = 16_384;
    /** Longest lifetime of a token or trusted device; keeps expiry arithmetic far from overflow. */
    public static final Duration MAX_TTL = Duration.ofDays(3650);

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9:._/-]{1,128}");
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9:._-]{1,128}");
    private static final Pattern IDENTITY_PART = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Pattern PERMISSION = Pattern.compile("[\\x21-\\x7E]{1,256}");
    /** Dot-atom characters, plus letters and digits of any script (RFC 6531 addresses). */
    private static final Pattern LOCAL_PART = Pattern.compile("[\\p{L}\\p{M}\\p{N}!#$%&'*+/=?^_`{|}~.-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private InputRules() {
    }

    /**
     * @param field what the id is, for the message
     * @param id    the id text
     * @return the UUID
     * @throws InvalidInputException when it is not a canonical UUID
     */
    public static UUID uuid(String field, String id) {
        return UUID.fromString(id(field, id));
    }

    /**
     * @param field what the id is, for the message
     * @param id    the id text
     * @return the id, unchanged
     * @throws InvalidInputException when it is not a canonical UUID
     */
    public static String id(String field, String id) {
        if (!isUuidText(id)) {
            throw new InvalidInputException(field + " must be a UUID: " + Text.quote(id));
        }
        return id;
    }

    /**
     * Whether {@code s} is a UUID's canonical text, hex digits in either case: every repository call
     * by id checks one, so this is a loop over 36 chars rather than a regular expression (no
     * matcher allocated per call). ASCII digits only, as {@code [0-9a-fA-F]} would have it.
     */
    private static boolean isUuidText(@Nullable String s) {
        if (s == null || s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * A version 7 UUID (RFC 9562): 48 bits of milliseconds from the store's clock, then random
     * bits. Ids created together sort together, which keeps B-tree inserts local.
     *
     * @param now the current time
     * @return a new id
     */
    public static UUID newId(Instant now) {
        long millis = now.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long msb = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /**
     * Checks an email (a practical subset of RFC 5321/6531: dot-atom local part, no quoted
     * strings, host name with letter/digit/hyphen labels; letters may be of any script).
     *
     * @param email the email
     * @return the email, unchanged
     * @throws InvalidInputException when malformed, quoting it (an email is not a secret)
     */
    public static String email(String email) {
        if (email == null) {
            throw new InvalidInputException("email must not be null");
        }
        if (email.length() > MAX_EMAIL) {
            throw new InvalidInputException("email must be at most " + MAX_EMAIL + " characters: " + email.length());
        }
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1) {
            throw new InvalidInputException("invalid email " + Text.quote(email) + ": expected local-part@domain");
        }
        String local = email.substring(0, at);
        String domain = email.substring(at + 1);
        if (!LOCAL_PART.matcher(local).matches() || local.startsWith(".") || local.endsWith(".")
                || local.contains("..")) {
            throw new InvalidInputException("invalid email " + Text.quote(email) + ": bad local part");
        }
        if (!validDomain(domain)) {
            throw new InvalidInputException("invalid email " + Text.quote(email) + ": bad domain");
        }
        return email;
    }

    /** @param email a valid email @return the lower-cased form uniqueness and look-ups compare */
    public static String emailKey(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    /**
     * @param email the email
     * @return its lower-cased form, after checking it
     * @throws InvalidInputException when malformed
     */
    public static String normalizedEmail(String email) {
        return emailKey(email(email));
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
    public static @Nullable String optionalText(String field, @Nullable String text, int max) {
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
    public static String text(String field, String text, int max) {
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
    public static String hash(String field, String hash, int max) {
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
    public static String clientId(String clientId) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw new InvalidInputException("client id must match [A-Za-z0-9._-]{1,128}: " + Text.quote(clientId));
        }
        return clientId;
    }

    /** @param scope scope name @return it @throws InvalidInputException when malformed */
    public static String scope(String scope) {
        if (scope == null || !SCOPE.matcher(scope).matches()) {
            throw new InvalidInputException("scope must match [A-Za-z0-9:._/-]{1,128}: " + Text.quote(scope));
        }
        return scope;
    }

    /** @param name role name @return it @throws InvalidInputException when malformed */
    public static String roleName(String name) {
        if (name == null || !ROLE_NAME.matcher(name).matches()) {
            throw new InvalidInputException("role name must match [A-Za-z0-9:._-]{1,128}: " + Text.quote(name));
        }
        return name;
    }

    /** @param permission permission @return it @throws InvalidInputException when malformed */
    public static String permission(String permission) {
        if (permission == null || !PERMISSION.matcher(permission).matches()) {
            throw new InvalidInputException(
                    "permission must be 1 to 256 printable ASCII characters without spaces: " + Text.quote(permission));
        }
        return permission;
    }

    /**
     * @param field what it is
     * @param ttl   a lifetime
     * @return it
     * @throws InvalidInputException when null, not positive, or longer than {@link #MAX_TTL}
     */
    public static Duration ttl(String field, Duration ttl) {
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            throw new InvalidInputException(field + " must be positive: " + ttl);
        }
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw new InvalidInputException(field + " must be at most " + MAX_TTL + ": " + ttl);
        }
        return ttl;
    }

    /**
     * An identity provider name ({@code google}, {@code github}, an OpenID issuer URL) or subject.
     *
     * @param field what it is
     * @param value the value
     * @return it
     * @throws InvalidInputException unless 1 to 255 printable ASCII characters without spaces
     */
    public static String identityPart(String field, String value) {
        if (value == null || !IDENTITY_PART.matcher(value).matches()) {
            throw new InvalidInputException(field + " must be 1 to " + MAX_IDENTITY_PART
                    + " printable ASCII characters without spaces: " + Text.quote(value));
        }
        return value;
    }

    /**
     * A JSON object kept as the text given (claims of an external identity, application metadata).
     *
     * @param field what it is
     * @param json  the JSON text, or {@code null}
     * @param max   longest allowed, in characters
     * @return the text
     * @throws InvalidInputException when longer, not JSON, or not an object; never quoting it
     */
    public static @Nullable String jsonObject(String field, @Nullable String json, int max) {
        if (json == null) {
            return null;
        }
        if (json.length() > max) {
            throw new InvalidInputException(field + " must be at most " + max + " characters: " + json.length());
        }
        Object value;
        try {
            value = JsonReader.parse(json);
        } catch (JsonReader.SyntaxException e) {
            throw new InvalidInputException(field + " is not valid JSON: " + e.getMessage());
        }
        if (!(value instanceof java.util.Map)) {
            throw new InvalidInputException(field + " must be a JSON object");
        }
        return json;
    }
}

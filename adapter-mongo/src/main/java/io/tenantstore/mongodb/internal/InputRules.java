package io.tenantstore.mongodb.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import io.tenantstore.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * The input rules every TenantStore adapter applies before writing, so that a value accepted by
 * one engine is accepted by all: UUID ids, emails, client ids, scopes, role names, permissions,
 * hashes, free text and lifetimes. Messages quote the value, except hashes (they stand for
 * secrets). Stateless, thread-safe.
 */
final class InputRules {
    /** Longest email (RFC 5321 path limit). */
    static final int MAX_EMAIL = 254;
    /** Longest display name. */
    static final int MAX_DISPLAY_NAME = 256;
    /** Longest token, code or device hash. */
    static final int MAX_HASH = 256;
    /** Longest password hash (encoded, parameters included). */
    static final int MAX_PASSWORD_HASH = 1024;
    /** Longest free text (descriptions, disable reasons). */
    static final int MAX_TEXT = 1024;
    /** Most recovery codes per user. */
    static final int MAX_RECOVERY_CODES = 100;
    /** Longest lifetime of a token or trusted device: far from any date overflow. */
    static final Duration MAX_TTL = Duration.ofDays(3650);

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9:._/-]{1,128}");
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9:._-]{1,128}");
    private static final Pattern PERMISSION = Pattern.compile("[\\x21-\\x7E]{1,256}");
    private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");

    private InputRules() {
    }

    /**
     * @param field what the id is, for the message
     * @param id    the id
     * @return the id
     * @throws InvalidInputException unless it is a UUID in its 8-4-4-4-12 hex form
     */
    static String id(String field, String id) {
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            throw new InvalidInputException(field + " must be a UUID: " + quoted(id));
        }
        return id;
    }

    /**
     * A practical subset of RFC 5321: a dot-atom local part of at most 64 characters and a host
     * name of letter/digit/hyphen labels (letters may be non-ASCII).
     *
     * @param email the email
     * @return the email, unchanged
     * @throws InvalidInputException when malformed, quoting it (an email is no secret)
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
            throw new InvalidInputException("malformed email " + Quote.of(email) + ": expected local-part@domain");
        }
        String local = email.substring(0, at);
        if (!LOCAL_PART.matcher(local).matches() || local.startsWith(".") || local.endsWith(".")
                || local.contains("..")) {
            throw new InvalidInputException("malformed email " + Quote.of(email) + ": bad local part");
        }
        if (!hostName(email.substring(at + 1))) {
            throw new InvalidInputException("malformed email " + Quote.of(email) + ": bad domain");
        }
        return email;
    }

    /** @param email a valid email @return the form uniqueness and look-ups compare */
    static String emailKey(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    private static boolean hostName(String domain) {
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
     * @param text  the text, or null
     * @param max   longest allowed
     * @return the text
     * @throws InvalidInputException when longer or holding control characters
     */
    static @Nullable String optionalText(String field, @Nullable String text, int max) {
        return text == null ? null : text(field, text, max);
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
     * A hash of a token, code or device; never quoted, it stands for a secret.
     *
     * @param field what it is
     * @param hash  the hash
     * @param max   longest allowed
     * @return the hash
     * @throws InvalidInputException when null, empty, longer, or holding whitespace or control characters
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

    /**
     * @param clientId an OAuth client id
     * @return it
     * @throws InvalidInputException unless it matches {@code [A-Za-z0-9._-]{1,128}}
     */
    static String clientId(String clientId) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw new InvalidInputException("client id must match [A-Za-z0-9._-]{1,128}: " + quoted(clientId));
        }
        return clientId;
    }

    /**
     * @param scope a scope name
     * @return it
     * @throws InvalidInputException unless it matches {@code [A-Za-z0-9:._/-]{1,128}}
     */
    static String scope(String scope) {
        if (scope == null || !SCOPE.matcher(scope).matches()) {
            throw new InvalidInputException("scope must match [A-Za-z0-9:._/-]{1,128}: " + quoted(scope));
        }
        return scope;
    }

    /**
     * @param name a role name
     * @return it
     * @throws InvalidInputException unless it matches {@code [A-Za-z0-9:._-]{1,128}}
     */
    static String roleName(String name) {
        if (name == null || !ROLE_NAME.matcher(name).matches()) {
            throw new InvalidInputException("role name must match [A-Za-z0-9:._-]{1,128}: " + quoted(name));
        }
        return name;
    }

    /**
     * @param permission a permission
     * @return it
     * @throws InvalidInputException unless 1 to 256 printable ASCII characters without spaces
     */
    static String permission(String permission) {
        if (permission == null || !PERMISSION.matcher(permission).matches()) {
            throw new InvalidInputException("permission must be 1 to 256 printable ASCII characters without spaces: "
                    + quoted(permission));
        }
        return permission;
    }

    /**
     * @param field what it is
     * @param ttl   a lifetime
     * @return it
     * @throws InvalidInputException when null, not positive or longer than {@link #MAX_TTL}
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

    private static String quoted(@Nullable String value) {
        return value == null ? "null" : Quote.of(value);
    }
}

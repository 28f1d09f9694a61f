package io.tenantstore.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.tenantstore.InvalidInputException;
import io.tenantstore.model.ProfileUpdate;
import io.tenantstore.model.UserProfile;
import org.jspecify.annotations.Nullable;

/**
 * Input rules of user profiles and of the user search, shared by every adapter so a profile one
 * engine accepts is accepted by all; checked before anything reaches a database. Thread-safe
 * (stateless).
 */
public final class ProfileRules {
    /** Longest given or family name. */
    public static final int MAX_NAME = 256;
    /** Longest picture URL. */
    public static final int MAX_URL = 2048;
    /** Longest locale tag (BCP 47 recommends supporting 35 characters). */
    public static final int MAX_LOCALE = 35;
    /** Longest time-zone id. */
    public static final int MAX_ZONE = 64;
    /** Longest phone number: {@code +} and 15 digits (E.164). */
    public static final int MAX_PHONE = 16;

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private ProfileRules() {
    }

    /**
     * @param update a requested change
     * @return the same change with every value checked, and the locale in canonical form
     * @throws InvalidInputException naming the first bad part
     */
    public static ProfileUpdate check(ProfileUpdate update) {
        if (update == null) {
            throw new InvalidInputException("profile update must not be null");
        }
        ProfileUpdate.Builder b = ProfileUpdate.builder();
        for (ProfileUpdate.Field f : update.fields()) {
            b.set(f, checked(f, update.value(f)));
        }
        if (update.phoneNumberVerified() != null) {
            if (update.phoneNumberVerified() && update.changes(ProfileUpdate.Field.PHONE_NUMBER)
                    && update.value(ProfileUpdate.Field.PHONE_NUMBER) == null) {
                throw new InvalidInputException("phone number verified must be false when the phone number is cleared");
            }
            b.phoneNumberVerified(update.phoneNumberVerified());
        }
        return b.build();
    }

    /**
     * @param profile a profile to store whole (a new user's)
     * @return it with every value checked, and the locale in canonical form
     * @throws InvalidInputException naming the first bad part
     */
    public static UserProfile check(UserProfile profile) {
        if (profile == null) {
            throw new InvalidInputException("profile must not be null");
        }
        if (profile.phoneNumberVerified() && profile.phoneNumber() == null) {
            throw new InvalidInputException("phone number verified must be false without a phone number");
        }
        return UserProfile.EMPTY.apply(check(ProfileUpdate.replacing(profile)));
    }

    /**
     * @param field a part
     * @param value its value, or {@code null}
     * @return the value as stored
     * @throws InvalidInputException when malformed (names and metadata are never quoted)
     */
    public static @Nullable String checked(ProfileUpdate.Field field, @Nullable String value) {
        if (value == null) {
            return null;
        }
        return switch (field) {
            case GIVEN_NAME -> name("given name", value);
            case FAMILY_NAME -> name("family name", value);
            case PICTURE_URL -> url("picture URL", value);
            case LOCALE -> locale(value);
            case ZONE_INFO -> zone(value);
            case PHONE_NUMBER -> phone(value);
            case METADATA -> InputRules.jsonObject("profile metadata", value, ProfileUpdate.MAX_METADATA);
        };
    }

    private static String name(String field, String value) {
        InputRules.text(field, value, MAX_NAME);
        if (value.isBlank()) {
            throw new InvalidInputException(field + " must not be blank (name it with null to clear it)");
        }
        return value;
    }

    /**
     * @param field what it is, for the message
     * @param value an absolute URL
     * @return it
     * @throws InvalidInputException unless an {@code https} URL, or {@code http} on localhost, with a
     *                               host and without user info
     */
    public static String url(String field, String value) {
        if (value.length() > MAX_URL) {
            throw new InvalidInputException(field + " must be at most " + MAX_URL + " characters: " + value.length());
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidInputException(field + " is not a URL: " + Text.quote(value));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || host.isEmpty()) {
            throw new InvalidInputException(field + " must be an absolute URL with a host: " + Text.quote(value));
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidInputException(field + " must not hold user info");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && LOCAL_HOSTS.contains(host))) {
            throw new InvalidInputException(field + " must use https (http only on localhost): "
                    + Text.quote(value));
        }
        return value;
    }

    private static String locale(String value) {
        if (value.length() > MAX_LOCALE) {
            throw new InvalidInputException("locale must be at most " + MAX_LOCALE + " characters: " + value.length());
        }
        Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(value).build();
        } catch (IllformedLocaleException e) {
            throw new InvalidInputException("locale must be a BCP 47 language tag such as en or pt-BR: "
                    + Text.quote(value));
        }
        if (locale.getLanguage().isEmpty()) {
            throw new InvalidInputException("locale must name a language: " + Text.quote(value));
        }
        return locale.toLanguageTag();
    }

    private static String zone(String value) {
        if (value.length() > MAX_ZONE || !ZoneId.getAvailableZoneIds().contains(value)) {
            throw new InvalidInputException("zone must be an IANA time-zone id such as Europe/Paris: "
                    + Text.quote(value));
        }
        return value;
    }

    private static String phone(String value) {
        if (!E164.matcher(value).matches()) {
            throw new InvalidInputException("phone number must be E.164, '+' and up to 15 digits: "
                    + Text.quote(value));
        }
        return value;
    }

    /**
     * @param text a name or email
     * @return the lower-cased form the search compares, or {@code null}
     */
    public static @Nullable String searchKey(@Nullable String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    /**
     * @param search a search text
     * @return its lower-cased trimmed form, or {@code null} when blank or absent (no search)
     */
    public static @Nullable String searchPrefix(@Nullable String search) {
        if (search == null || search.isBlank()) {
            return null;
        }
        return search.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The least string greater than every string starting with {@code prefix} in code-point order:
     * the prefix with its last code point incremented. {@code key >= prefix AND key < bound} is
     * then exactly "key starts with prefix" under a binary collation, and an index range.
     *
     * @param prefix a non-empty prefix
     * @return the exclusive upper bound
     * @throws InvalidInputException when there is none: the prefix holds only U+10FFFF, a
     *                               noncharacter no search needs
     */
    public static String prefixUpperBound(String prefix) {
        int end = prefix.length();
        while (end > 0) {
            int cp = prefix.codePointBefore(end);
            int start = end - Character.charCount(cp);
            if (cp < Character.MAX_CODE_POINT) {
                int next = cp + 1;
                if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
                    next = Character.MAX_SURROGATE + 1;
                }
                return prefix.substring(0, start) + new String(Character.toChars(next));
            }
            end = start;
        }
        throw new InvalidInputException("search must hold a character other than U+10FFFF");
    }
}

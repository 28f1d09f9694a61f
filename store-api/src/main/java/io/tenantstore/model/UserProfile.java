package io.tenantstore.model;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The profile of a user, named like the OpenID Connect standard claims. Every part may be absent.
 * Immutable; thread-safe.
 *
 * <p>The store checks each part when it is written (see {@link ProfileUpdate}): names are text of
 * at most 256 characters, the picture an {@code https} URL (or {@code http} on localhost), the
 * locale a BCP 47 language tag (stored in its canonical form), the zone an IANA time-zone id, the
 * phone number E.164 ({@code +} and up to 15 digits), and the metadata a JSON object of at most
 * {@value ProfileUpdate#MAX_METADATA} characters, kept as given.
 *
 * @param givenName           given name, or {@code null}
 * @param familyName          family name, or {@code null}
 * @param pictureUrl          URL of the user's picture, or {@code null}
 * @param locale              BCP 47 language tag such as {@code fr-CA}, or {@code null}
 * @param zoneInfo            IANA time-zone id such as {@code Europe/Paris}, or {@code null}
 * @param phoneNumber         E.164 phone number such as {@code +33612345678}, or {@code null}
 * @param phoneNumberVerified whether the phone number was verified (false without a number)
 * @param metadata            the application's metadata, a JSON object as text, or {@code null}
 */
public record UserProfile(@Nullable String givenName, @Nullable String familyName, @Nullable String pictureUrl,
                          @Nullable String locale, @Nullable String zoneInfo, @Nullable String phoneNumber,
                          boolean phoneNumberVerified, @Nullable String metadata) {
    /** The profile of a user nobody described. */
    public static final UserProfile EMPTY = new UserProfile(null, null, null, null, null, null, false, null);

    /** @return the time zone, if set */
    public Optional<java.time.ZoneId> zone() {
        return Optional.ofNullable(zoneInfo).map(java.time.ZoneId::of);
    }

    /** @return the locale, if set */
    public Optional<java.util.Locale> localeValue() {
        return Optional.ofNullable(locale).map(java.util.Locale::forLanguageTag);
    }

    /**
     * @param update a change
     * @return this profile with the change's values applied as given (unchecked; the store checks
     *         them when it writes); a phone number changed without a verified flag is unverified
     */
    public UserProfile apply(ProfileUpdate update) {
        String phone = update.changes(ProfileUpdate.Field.PHONE_NUMBER)
                ? update.value(ProfileUpdate.Field.PHONE_NUMBER) : phoneNumber;
        boolean verified;
        if (update.phoneNumberVerified() != null) {
            verified = update.phoneNumberVerified();
        } else {
            verified = phoneNumberVerified && java.util.Objects.equals(phone, phoneNumber);
        }
        return new UserProfile(pick(update, ProfileUpdate.Field.GIVEN_NAME, givenName),
                pick(update, ProfileUpdate.Field.FAMILY_NAME, familyName),
                pick(update, ProfileUpdate.Field.PICTURE_URL, pictureUrl),
                pick(update, ProfileUpdate.Field.LOCALE, locale),
                pick(update, ProfileUpdate.Field.ZONE_INFO, zoneInfo),
                phone, phone != null && verified,
                pick(update, ProfileUpdate.Field.METADATA, metadata));
    }

    private static @Nullable String pick(ProfileUpdate update, ProfileUpdate.Field field, @Nullable String current) {
        return update.changes(field) ? update.value(field) : current;
    }
}

package io.tenantstore.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A partial update of a user's {@link UserProfile}: only the parts named change. Naming a part
 * with {@code null} clears it; a part not named keeps its value. Immutable; thread-safe.
 *
 * <pre>{@code
 * users.updateProfile(id, ProfileUpdate.builder()
 *         .givenName("Ana").locale("pt-BR")
 *         .pictureUrl(null)              // clears the picture
 *         .build());
 * }</pre>
 *
 * <p>Changing the phone number without naming {@code phoneNumberVerified} makes it unverified
 * (unless the number stays the same), as changing the email does. The store checks every value
 * and writes nothing when one is wrong ({@link io.tenantstore.InvalidInputException}).
 */
public final class ProfileUpdate {
    /** Longest application metadata document, in characters. */
    public static final int MAX_METADATA = 16_384;

    /** The text parts of a profile. */
    public enum Field {
        /** {@link UserProfile#givenName()}. */
        GIVEN_NAME,
        /** {@link UserProfile#familyName()}. */
        FAMILY_NAME,
        /** {@link UserProfile#pictureUrl()}. */
        PICTURE_URL,
        /** {@link UserProfile#locale()}. */
        LOCALE,
        /** {@link UserProfile#zoneInfo()}. */
        ZONE_INFO,
        /** {@link UserProfile#phoneNumber()}. */
        PHONE_NUMBER,
        /** {@link UserProfile#metadata()}. */
        METADATA
    }

    private final Map<Field, @Nullable String> values;
    private final @Nullable Boolean phoneNumberVerified;

    private ProfileUpdate(Map<Field, @Nullable String> values, @Nullable Boolean phoneNumberVerified) {
        this.values = values.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(new EnumMap<>(values));
        this.phoneNumberVerified = phoneNumberVerified;
    }

    /** @return a builder naming no part */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param profile a whole profile
     * @return an update that sets every part to the profile's value (clearing the absent ones)
     */
    public static ProfileUpdate replacing(UserProfile profile) {
        Objects.requireNonNull(profile, "profile");
        return builder().givenName(profile.givenName()).familyName(profile.familyName())
                .pictureUrl(profile.pictureUrl()).locale(profile.locale()).zoneInfo(profile.zoneInfo())
                .phoneNumber(profile.phoneNumber()).phoneNumberVerified(profile.phoneNumberVerified())
                .metadata(profile.metadata()).build();
    }

    /** @param field a part @return whether this update names it */
    public boolean changes(Field field) {
        return values.containsKey(field);
    }

    /** @param field a part @return its new value; {@code null} clears it (or the part is not named) */
    public @Nullable String value(Field field) {
        return values.get(field);
    }

    /** @return the parts this update names */
    public Set<Field> fields() {
        return values.keySet();
    }

    /** @return the new verified flag of the phone number, or {@code null} when not named */
    public @Nullable Boolean phoneNumberVerified() {
        return phoneNumberVerified;
    }

    /** @return whether this update names nothing */
    public boolean isEmpty() {
        return values.isEmpty() && phoneNumberVerified == null;
    }

    /** Values are not shown: the metadata may hold what the application considers private. */
    @Override
    public String toString() {
        return "ProfileUpdate" + values.keySet() + (phoneNumberVerified == null ? "" : "[PHONE_NUMBER_VERIFIED]");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProfileUpdate u && u.values.equals(values)
                && Objects.equals(u.phoneNumberVerified, phoneNumberVerified);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, phoneNumberVerified);
    }

    /** Collects the parts to change. Not thread-safe. */
    public static final class Builder {
        private final Map<Field, @Nullable String> values = new EnumMap<>(Field.class);
        private @Nullable Boolean phoneNumberVerified;

        private Builder() {
        }

        /** @param field a part @param value its new value, {@code null} to clear @return this */
        public Builder set(Field field, @Nullable String value) {
            values.put(Objects.requireNonNull(field, "field"), value);
            return this;
        }

        /** @param value given name, {@code null} to clear @return this */
        public Builder givenName(@Nullable String value) {
            return set(Field.GIVEN_NAME, value);
        }

        /** @param value family name, {@code null} to clear @return this */
        public Builder familyName(@Nullable String value) {
            return set(Field.FAMILY_NAME, value);
        }

        /** @param value picture URL, {@code null} to clear @return this */
        public Builder pictureUrl(@Nullable String value) {
            return set(Field.PICTURE_URL, value);
        }

        /** @param value BCP 47 language tag, {@code null} to clear @return this */
        public Builder locale(@Nullable String value) {
            return set(Field.LOCALE, value);
        }

        /** @param value IANA time-zone id, {@code null} to clear @return this */
        public Builder zoneInfo(@Nullable String value) {
            return set(Field.ZONE_INFO, value);
        }

        /** @param value E.164 phone number, {@code null} to clear @return this */
        public Builder phoneNumber(@Nullable String value) {
            return set(Field.PHONE_NUMBER, value);
        }

        /** @param verified whether the phone number is verified @return this */
        public Builder phoneNumberVerified(boolean verified) {
            this.phoneNumberVerified = verified;
            return this;
        }

        /** @param json a JSON object, {@code null} to clear @return this */
        public Builder metadata(@Nullable String json) {
            return set(Field.METADATA, json);
        }

        /** @return the update */
        public ProfileUpdate build() {
            return new ProfileUpdate(values, phoneNumberVerified);
        }
    }
}

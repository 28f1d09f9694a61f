package io.tenantstore.model;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What {@code UserRepository.create} needs.
 *
 * @param email         login email
 * @param passwordHash  a hash from the store's {@code PasswordHasher}, or {@code null} for a user
 *                      without a password
 * @param displayName   name shown, or {@code null}
 * @param emailVerified whether the email is already verified
 * @param profile       the profile to start with ({@link UserProfile#EMPTY} for none); checked by
 *                      the store like a {@link ProfileUpdate}
 */
public record NewUser(String email, @Nullable String passwordHash, @Nullable String displayName,
                      boolean emailVerified, UserProfile profile) {
    /** Rejects a null email or profile. */
    public NewUser {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(profile, "profile");
    }

    /**
     * A new user with an empty profile.
     *
     * @param email         login email
     * @param passwordHash  a hash from the store's hasher, or {@code null}
     * @param displayName   name shown, or {@code null}
     * @param emailVerified whether the email is already verified
     */
    public NewUser(String email, @Nullable String passwordHash, @Nullable String displayName, boolean emailVerified) {
        this(email, passwordHash, displayName, emailVerified, UserProfile.EMPTY);
    }

    /** @param profile the profile to start with @return this new user with that profile */
    public NewUser withProfile(UserProfile profile) {
        return new NewUser(email, passwordHash, displayName, emailVerified, profile);
    }

    /**
     * @param email        login email
     * @param passwordHash hash from the store's hasher
     * @return an unverified user without display name
     */
    public static NewUser of(String email, @Nullable String passwordHash) {
        return new NewUser(email, passwordHash, null, false);
    }
}

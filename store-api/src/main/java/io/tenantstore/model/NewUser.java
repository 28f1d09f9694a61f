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
 */
public record NewUser(String email, @Nullable String passwordHash, @Nullable String displayName,
                      boolean emailVerified) {
    /** Rejects a null email. */
    public NewUser {
        Objects.requireNonNull(email, "email");
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

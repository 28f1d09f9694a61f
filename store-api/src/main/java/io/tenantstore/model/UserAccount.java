package io.tenantstore.model;

import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A user with their password identity, as returned by {@code UserRepository.getByEmail}.
 *
 * @param user     the user
 * @param password the password identity, or {@code null} for a user without a password
 */
public record UserAccount(User user, @Nullable Identity password) {
    /** Rejects a null user. */
    public UserAccount {
        Objects.requireNonNull(user, "user");
    }

    /** @return the password identity, if any */
    public Optional<Identity> passwordIdentity() {
        return Optional.ofNullable(password);
    }
}

package io.tenantstore.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's password identity.
 *
 * @param userId       the user
 * @param passwordHash the encoded hash (algorithm and parameters included)
 * @param updatedAt    when the password was last set
 */
public record Identity(String userId, String passwordHash, Instant updatedAt) {
    /** Rejects nulls. */
    public Identity {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** @return a description without the hash */
    @Override
    public String toString() {
        return "Identity[userId=" + userId + ", passwordHash=****, updatedAt=" + updatedAt + "]";
    }
}

package io.tenantstore.model;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A stored one-time token (email verification, password reset, magic link, invitation), known by
 * its hash only. Usable while neither consumed nor revoked and not expired. Immutable; thread-safe.
 *
 * @param id         the token's id (a UUID)
 * @param tokenHash  hash of the token
 * @param purpose    what it is for
 * @param userId     the user, or {@code null}
 * @param email      the address it was sent to, or {@code null}
 * @param createdAt  when it was issued
 * @param expiresAt  when it stops being usable
 * @param consumedAt when it was consumed, or {@code null}
 * @param revokedAt  when it was revoked, or {@code null}
 */
public record OneTimeToken(String id, String tokenHash, OneTimeTokenPurpose purpose, @Nullable String userId,
                           @Nullable String email, Instant createdAt, Instant expiresAt, @Nullable Instant consumedAt,
                           @Nullable Instant revokedAt) {
    /** Rejects missing required parts. */
    public OneTimeToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** @param now a time @return whether the token could be consumed at {@code now} */
    public boolean isUsableAt(Instant now) {
        return consumedAt == null && revokedAt == null && now.isBefore(expiresAt);
    }

    /** @return a description without the hash */
    @Override
    public String toString() {
        return "OneTimeToken[id=" + id + ", purpose=" + purpose + ", userId=" + userId + ", email=" + email
                + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt + ", consumedAt=" + consumedAt
                + ", revokedAt=" + revokedAt + "]";
    }
}

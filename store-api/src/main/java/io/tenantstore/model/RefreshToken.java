package io.tenantstore.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A refresh token, stored by hash only.
 *
 * @param id         UUID
 * @param tokenHash  hash of the token (the caller hashes; the clear token is never stored)
 * @param userId     the user
 * @param clientId   the OAuth client
 * @param familyId   id shared by a token and every token rotated from it
 * @param scopes     granted scopes
 * @param createdAt  issue time
 * @param expiresAt  expiry
 * @param revokedAt  revocation time, or {@code null}
 * @param rotatedAt  when it was exchanged for its successor, or {@code null}
 */
public record RefreshToken(String id, String tokenHash, String userId, String clientId, String familyId,
                           List<String> scopes, Instant createdAt, Instant expiresAt, @Nullable Instant revokedAt,
                           @Nullable Instant rotatedAt) {
    /** Copies the scopes, rejects nulls. */
    public RefreshToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(familyId, "familyId");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** @param now current time @return whether the token can be used at {@code now} */
    public boolean isActiveAt(Instant now) {
        return revokedAt == null && rotatedAt == null && now.isBefore(expiresAt);
    }

    /** @return a description without the hash */
    @Override
    public String toString() {
        return "RefreshToken[id=" + id + ", userId=" + userId + ", clientId=" + clientId + ", familyId=" + familyId
                + ", expiresAt=" + expiresAt + ", revokedAt=" + revokedAt + ", rotatedAt=" + rotatedAt + "]";
    }
}

package io.tenantstore.repository;

import java.time.Duration;
import java.util.Optional;

import io.tenantstore.model.NewRefreshToken;
import io.tenantstore.model.RefreshToken;
import org.jspecify.annotations.Nullable;

/** Refresh tokens of the bound tenant, stored by hash only. Thread-safe. */
public interface TokenRepository {
    /**
     * @param token the new token (starts a family)
     * @return the stored token
     * @throws io.tenantstore.ConflictException when the hash already exists
     */
    RefreshToken create(NewRefreshToken token);

    /** @param tokenHash hash @return the token in any state, if stored */
    Optional<RefreshToken> getByHash(String tokenHash);

    /** @param tokenHash hash @return whether an active token was revoked */
    boolean revoke(String tokenHash);

    /**
     * @param userId   the user
     * @param clientId only this client's tokens, or {@code null} for all
     * @return how many were revoked
     */
    int revokeAllByUser(String userId, @Nullable String clientId);

    /** @param clientId the client @return how many were revoked */
    int revokeAllByClient(String clientId);

    /** @return how many expired tokens were deleted */
    int deleteExpired();

    /**
     * Exchanges a token for its successor, atomically: of concurrent callers presenting the same
     * token exactly one succeeds. Presenting a token that was already rotated revokes its whole
     * family (OAuth 2.0 Security BCP reuse detection).
     *
     * @param oldHash hash of the token presented
     * @param newHash hash of the successor
     * @param ttl     the successor's lifetime
     * @return the successor, in the same family
     * @throws io.tenantstore.InvalidInputException with code TOKEN_REUSED, TOKEN_REVOKED or
     *         TOKEN_EXPIRED, or NOT_FOUND-style INVALID_INPUT for an unknown hash
     */
    RefreshToken rotate(String oldHash, String newHash, Duration ttl);
}

package io.tenantstore.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@code TokenRepository.create} needs; starts a new token family.
 *
 * @param tokenHash hash of the token
 * @param userId    the user
 * @param clientId  the OAuth client
 * @param scopes    granted scopes
 * @param ttl       lifetime, positive
 */
public record NewRefreshToken(String tokenHash, String userId, String clientId, List<String> scopes, Duration ttl) {
    /** Copies the scopes, validates the ttl. */
    public NewRefreshToken {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(clientId, "clientId");
        scopes = List.copyOf(scopes);
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new io.tenantstore.InvalidInputException("token ttl must be positive: " + ttl);
        }
    }

    /** @return a description without the hash */
    @Override
    public String toString() {
        return "NewRefreshToken[userId=" + userId + ", clientId=" + clientId + ", scopes=" + scopes + ", ttl=" + ttl
                + "]";
    }
}

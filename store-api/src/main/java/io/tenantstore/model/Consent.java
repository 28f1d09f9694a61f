package io.tenantstore.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A user's consent to a client's scopes.
 *
 * @param userId    the user
 * @param clientId  the client
 * @param scopes    consented scopes, sorted
 * @param grantedAt first grant
 * @param updatedAt last change
 * @param revokedAt revocation, or {@code null} while active
 */
public record Consent(String userId, String clientId, List<String> scopes, Instant grantedAt, Instant updatedAt,
                      @Nullable Instant revokedAt) {
    /** Copies the scopes, rejects nulls. */
    public Consent {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(clientId, "clientId");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(grantedAt, "grantedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** @return whether the consent is not revoked */
    public boolean active() {
        return revokedAt == null;
    }
}

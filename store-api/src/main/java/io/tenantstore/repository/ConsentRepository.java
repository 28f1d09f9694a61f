package io.tenantstore.repository;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.tenantstore.model.Consent;

/** OAuth consents of the bound tenant. Thread-safe. */
public interface ConsentRepository {
    /**
     * Grants (or replaces the scopes of) a consent; reactivates a revoked one.
     *
     * @param userId   the user
     * @param clientId the client
     * @param scopes   consented scopes
     * @return the consent
     */
    Consent upsert(String userId, String clientId, Set<String> scopes);

    /** @param userId the user @param clientId the client @return the consent, active or revoked */
    Optional<Consent> get(String userId, String clientId);

    /** @param userId the user @param activeOnly skip revoked ones @return the consents, by client id */
    List<Consent> listByUser(String userId, boolean activeOnly);

    /** @param userId the user @param clientId the client @return whether an active consent was revoked */
    boolean revoke(String userId, String clientId);
}

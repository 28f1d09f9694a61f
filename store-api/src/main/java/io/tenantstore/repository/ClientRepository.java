package io.tenantstore.repository;

import java.util.List;
import java.util.Optional;

import io.tenantstore.Secret;
import io.tenantstore.model.Client;
import io.tenantstore.model.NewClient;

/** OAuth clients of one tenant (control plane). Secrets are never returned. Thread-safe. */
public interface ClientRepository {
    /** @param clientId the client id @return the client, if any */
    Optional<Client> get(String clientId);

    /** @return every client, by client id */
    List<Client> list();

    /**
     * @param client the new client
     * @return the stored client
     * @throws io.tenantstore.ConflictException     when the client id is taken
     * @throws io.tenantstore.InvalidInputException for a bad client id or redirect URI
     */
    Client create(NewClient client);

    /**
     * Replaces the client's metadata; the secret is kept.
     *
     * @param client the client with new values
     * @return the stored client
     * @throws io.tenantstore.NotFoundException when no such client
     */
    Client update(Client client);

    /**
     * @param clientId the client id
     * @param secret   the new secret
     * @throws io.tenantstore.NotFoundException when no such client
     */
    void setSecret(String clientId, Secret secret);

    /** @param clientId the client id @return whether it existed */
    boolean delete(String clientId);

    /**
     * Checks a presented secret in constant time.
     *
     * @param clientId the client id
     * @param secret   the secret presented
     * @return whether the client exists, has a secret, and it matches
     */
    boolean verifySecret(String clientId, String secret);
}

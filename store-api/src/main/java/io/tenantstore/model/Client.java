package io.tenantstore.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An OAuth client of a tenant. The secret is never part of this record; see
 * {@code ClientRepository.verifySecret}.
 *
 * @param clientId       identifier, {@code [A-Za-z0-9._-]{1,128}}
 * @param name           human name
 * @param type           public or confidential
 * @param redirectUris   absolute redirect URIs without fragments
 * @param allowedOrigins CORS origins
 * @param scopes         scopes the client may ask for
 * @param grantTypes     OAuth grant types
 * @param hasSecret      whether a secret is stored
 * @param createdAt      creation time
 * @param updatedAt      last write time
 */
public record Client(String clientId, String name, ClientType type, List<String> redirectUris,
                     List<String> allowedOrigins, List<String> scopes, List<String> grantTypes, boolean hasSecret,
                     Instant createdAt, Instant updatedAt) {
    /** Copies the lists, rejects nulls. */
    public Client {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        redirectUris = List.copyOf(redirectUris);
        allowedOrigins = List.copyOf(allowedOrigins);
        scopes = List.copyOf(scopes);
        grantTypes = List.copyOf(grantTypes);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}

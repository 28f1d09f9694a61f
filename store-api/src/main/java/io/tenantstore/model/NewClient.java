package io.tenantstore.model;

import java.util.List;
import java.util.Objects;

import io.tenantstore.Secret;
import org.jspecify.annotations.Nullable;

/**
 * What {@code ClientRepository.create} needs. A confidential client needs a secret; a public one
 * must not have one.
 *
 * @param clientId       identifier, {@code [A-Za-z0-9._-]{1,128}}
 * @param name           human name
 * @param type           public or confidential
 * @param redirectUris   absolute redirect URIs without fragments
 * @param allowedOrigins CORS origins
 * @param scopes         scopes the client may ask for
 * @param grantTypes     OAuth grant types
 * @param secret         the client secret (confidential clients), or {@code null}
 */
public record NewClient(String clientId, String name, ClientType type, List<String> redirectUris,
                        List<String> allowedOrigins, List<String> scopes, List<String> grantTypes,
                        @Nullable Secret secret) {
    /** Copies the lists, rejects nulls. */
    public NewClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        redirectUris = List.copyOf(redirectUris);
        allowedOrigins = List.copyOf(allowedOrigins);
        scopes = List.copyOf(scopes);
        grantTypes = List.copyOf(grantTypes);
    }
}

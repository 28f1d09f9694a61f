package io.tenantstore.fs.internal;

import java.util.Objects;

import io.tenantstore.model.Client;
import org.jspecify.annotations.Nullable;

/**
 * A client as kept in clients.yaml: the public record plus the stored form of its secret.
 * Immutable; {@link #toString()} hides the stored secret.
 *
 * @param client     the client ({@code hasSecret} agrees with {@code secretHash})
 * @param secretHash the stored secret (see {@link ClientSecretHasher}), or {@code null}
 */
record StoredClient(Client client, @Nullable String secretHash) {
    /** Rejects a null client. */
    StoredClient {
        Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
        return "StoredClient[" + client + (secretHash == null ? "" : ", secret=****") + "]";
    }
}

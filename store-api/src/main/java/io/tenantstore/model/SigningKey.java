package io.tenantstore.model;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The public view of a tenant's signing key: never holds private key material. Immutable and
 * thread-safe.
 *
 * @param kid       the key id, unique within the tenant
 * @param algorithm its algorithm
 * @param state     its state as of the time it was read
 * @param createdAt when it was generated
 * @param retireAt  when a retiring key stops verifying (null unless retiring or retired)
 * @param publicKey the public key
 */
public record SigningKey(String kid, SigningKeyAlgorithm algorithm, SigningKeyState state, Instant createdAt,
        @Nullable Instant retireAt, PublicKey publicKey) {
    /** Checks that the required parts are present. */
    public SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", alg=" + algorithm.jwsName() + ", state=" + state.yamlName()
                + ", createdAt=" + createdAt + (retireAt == null ? "" : ", retireAt=" + retireAt) + "]";
    }
}

package io.tenantstore.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.tenantstore.model.SigningKeyAlgorithm;
import io.tenantstore.model.SigningKeyState;
import org.jspecify.annotations.Nullable;

/**
 * Where a control plane keeps its tenants' signing keys: per tenant a list of stored keys with a
 * revision, replaced whole by compare-and-set. The key generation, signing, verification and
 * encryption are the store's; an implementation only stores what it is given (the private key
 * arrives already encrypted) and must make {@link #replace} atomic against other writers, in this
 * process and in others. Implementations are thread-safe.
 */
public interface SigningKeyStore {

    /**
     * One stored key.
     *
     * @param kid        the key id, unique within the tenant
     * @param algorithm  its algorithm
     * @param state      its state as last written (a retiring key past {@code retireAt} is retired)
     * @param createdAt  when it was generated
     * @param retireAt   when a retiring key stops verifying, or null
     * @param publicKey  the public key, X.509 DER in base64
     * @param privateKey the private key as an {@code enc:} value under the keyring, null once retired
     */
    record StoredKey(String kid, SigningKeyAlgorithm algorithm, SigningKeyState state, Instant createdAt,
                     @Nullable Instant retireAt, String publicKey, @Nullable String privateKey) {
        /** Rejects missing parts. */
        public StoredKey {
            Objects.requireNonNull(kid, "kid");
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(publicKey, "publicKey");
        }

        /** Leaves the private key out. */
        @Override
        public String toString() {
            return "StoredKey[kid=" + kid + ", alg=" + algorithm.jwsName() + ", state=" + state.yamlName() + "]";
        }
    }

    /**
     * A tenant's keys as read.
     *
     * @param revision what {@link #replace} expects back; 0 when nothing was ever stored
     * @param keys     the keys, oldest first
     */
    record Snapshot(long revision, List<StoredKey> keys) {
        /** Copies the list. */
        public Snapshot {
            keys = List.copyOf(keys);
        }
    }

    /**
     * @param slug a tenant
     * @return its keys
     * @throws io.tenantstore.TenantNotFoundException when no tenant has that slug
     * @throws io.tenantstore.InvalidInputException   when the stored keys are malformed
     */
    Snapshot read(String slug);

    /**
     * Compare-and-set of a tenant's keys.
     *
     * @param slug             the tenant
     * @param expectedRevision the revision of the snapshot the caller read
     * @param keys             the new list
     * @return false (nothing written) when the stored keys have another revision
     * @throws io.tenantstore.TenantNotFoundException when no tenant has that slug
     * @throws io.tenantstore.NotLeaderException      when this process may not write the control plane
     */
    boolean replace(String slug, long expectedRevision, List<StoredKey> keys);

    /** @return the slugs of every tenant, sorted (for re-encryption under a new keyring key) */
    List<String> slugs();

    /**
     * @param slug a tenant
     * @return where its keys are, for messages (never credentials)
     */
    String describe(String slug);
}

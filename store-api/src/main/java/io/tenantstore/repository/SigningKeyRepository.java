package io.tenantstore.repository;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.tenantstore.model.SignatureResult;
import io.tenantstore.model.SigningKey;
import io.tenantstore.model.SigningKeyAlgorithm;

/**
 * Each tenant's token-signing keys, kept in the control plane: generation (EdDSA on Ed25519,
 * ES256, RS256), rotation with a grace period during which the previous key still verifies,
 * signing with the one active key, verification, and the public JWK set (RFC 7517) to publish.
 * Private keys are stored only encrypted under the store's keyring, bound to the tenant and the
 * key id, and never leave this interface. Writes raise {@link io.tenantstore.NotLeaderException}
 * in a process that opened the control plane as a reader; without a keyring, generation, rotation
 * and signing raise {@link io.tenantstore.SecretException} naming the {@code secrets} setting.
 * Thread-safe.
 */
public interface SigningKeyRepository {
    /**
     * @param slug the tenant
     * @return all its keys with their states as of now, oldest first
     * @throws io.tenantstore.TenantNotFoundException when no tenant has that slug
     * @throws io.tenantstore.InvalidInputException   for a malformed slug
     */
    List<SigningKey> list(String slug);

    /**
     * @param slug the tenant
     * @param kid  a key id
     * @return that key of that tenant, if it has one (another tenant's key id finds nothing)
     * @throws io.tenantstore.InvalidInputException when the key id is malformed
     */
    Optional<SigningKey> get(String slug, String kid);

    /**
     * Generates a key: {@code next}, or {@code active} when the tenant has no active key yet.
     *
     * @param slug      the tenant
     * @param algorithm its algorithm
     * @return the new key (public view)
     * @throws io.tenantstore.SecretException when the store has no keyring
     */
    SigningKey generate(String slug, SigningKeyAlgorithm algorithm);

    /**
     * Makes the oldest {@code next} key (or a fresh key of {@code algorithm}) active; the previous
     * active key keeps verifying until now + {@code grace}, then is retired and its private key
     * dropped. Two rotations racing, in one process or in several, leave exactly one active key.
     *
     * @param slug      the tenant
     * @param algorithm the algorithm of a fresh key when no {@code next} key exists
     * @param grace     how long the previous key still verifies (zero retires it at once)
     * @return the new active key
     * @throws io.tenantstore.InvalidInputException when grace is negative (nothing is written)
     * @throws io.tenantstore.SecretException       when the store has no keyring
     * @throws io.tenantstore.ConflictException     when other writers kept changing the keys
     */
    SigningKey rotate(String slug, SigningKeyAlgorithm algorithm, Duration grace);

    /**
     * @param slug the tenant
     * @return the keys that may verify now: the active key and the retiring keys within their grace
     */
    List<SigningKey> verificationKeys(String slug);

    /**
     * @param slug the tenant
     * @return the RFC 7517 JWK set of {@link #verificationKeys}, public parts only, as JSON
     */
    String jwks(String slug);

    /**
     * Signs a JWS signing input with the active key.
     *
     * @param slug the tenant
     * @param data the bytes to sign
     * @return the key id, algorithm and signature (JWS form: R||S for ES256)
     * @throws io.tenantstore.NotFoundException when the tenant has no active key
     * @throws io.tenantstore.SecretException   when the store has no keyring or the key does not decrypt
     */
    SignatureResult sign(String slug, byte[] data);

    /**
     * @param slug      the tenant
     * @param kid       the key id named by the JWS header
     * @param data      the signing input
     * @param signature the signature
     * @return whether a key of this tenant that may verify now verifies the signature
     * @throws io.tenantstore.InvalidInputException when the key id is malformed
     */
    boolean verify(String slug, String kid, byte[] data, byte[] signature);
}

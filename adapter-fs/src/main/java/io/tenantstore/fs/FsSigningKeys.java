package io.tenantstore.fs;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.tenantstore.core.secret.Keyring;
import io.tenantstore.fs.internal.SigningKeyFiles;

/**
 * Token-signing keys per tenant in a YAML control plane ({@code tenants/<slug>/keys.yaml}), with
 * rotation and a grace period, and the JWKS document for publication. Private keys are kept only
 * encrypted under the store's keyring, bound to the tenant and key id; without a keyring, key
 * generation fails with a {@link io.tenantstore.SecretException} naming the {@code secrets}
 * setting. Thread-safe; writes run under the control plane's cross-process write lock.
 */
public final class FsSigningKeys {
    private final SigningKeyFiles files;

    private FsSigningKeys(SigningKeyFiles files) {
        this.files = files;
    }

    /**
     * @param fsRoot  the control-plane root
     * @param keyring the store's keyring, or null when none is configured
     * @param clock   the time source for rotation and grace periods
     * @return the signing keys of that control plane
     */
    public static FsSigningKeys open(Path fsRoot, @Nullable Keyring keyring, Clock clock) {
        return new FsSigningKeys(new SigningKeyFiles(Objects.requireNonNull(fsRoot, "fsRoot"), keyring,
                Objects.requireNonNull(clock, "clock")));
    }

    /**
     * @param slug the tenant
     * @return all its keys with their states as of now, oldest first
     * @throws io.tenantstore.TenantNotFoundException when no tenant has that slug
     */
    public List<SigningKey> list(String slug) {
        return files.list(slug);
    }

    /**
     * Generates a key: {@code next}, or {@code active} when the tenant has no active key yet.
     *
     * @param slug the tenant
     * @param alg  its algorithm
     * @return the new key (public view)
     * @throws io.tenantstore.SecretException when the store has no keyring
     */
    public SigningKey generate(String slug, SigningKeyAlgorithm alg) {
        return files.generate(slug, Objects.requireNonNull(alg, "alg"));
    }

    /**
     * Makes the oldest {@code next} key (or a fresh key of {@code alg}) active; the previous active
     * key keeps verifying until now + {@code grace}, then is retired and its private key dropped.
     *
     * @param slug  the tenant
     * @param alg   the algorithm of a fresh key when no {@code next} key exists
     * @param grace how long the previous key still verifies (zero retires it at once)
     * @return the new active key
     * @throws io.tenantstore.InvalidInputException when grace is negative
     * @throws io.tenantstore.SecretException       when the store has no keyring
     */
    public SigningKey rotate(String slug, SigningKeyAlgorithm alg, Duration grace) {
        return files.rotate(slug, Objects.requireNonNull(alg, "alg"), grace);
    }

    /**
     * @param slug the tenant
     * @return the keys that may verify now: the active key and retiring keys within their grace
     */
    public List<SigningKey> verificationKeys(String slug) {
        return files.verificationKeys(slug);
    }

    /**
     * @param slug the tenant
     * @return the RFC 7517 JWK set of {@link #verificationKeys}, public parts only
     */
    public String jwks(String slug) {
        return files.jwks(slug);
    }

    /**
     * Signs a JWS signing input with the active key.
     *
     * @param slug the tenant
     * @param data the bytes to sign
     * @return the key id, algorithm and signature (JWS form: R||S for ES256)
     * @throws io.tenantstore.NotFoundException when the tenant has no active key
     */
    public SignatureResult sign(String slug, byte[] data) {
        return files.sign(slug, data);
    }

    /**
     * @param slug      the tenant
     * @param kid       the key id named by the JWS header
     * @param data      the signing input
     * @param signature the signature
     * @return whether a key that may verify now verifies the signature
     */
    public boolean verify(String slug, String kid, byte[] data, byte[] signature) {
        return files.verify(slug, kid, data, signature);
    }

    /**
     * Re-encrypts every tenant's private signing keys under the keyring's primary key; run it after
     * promoting a new keyring key and before disabling the old one.
     *
     * @return how many private keys were re-encrypted
     * @throws io.tenantstore.SecretException when the store has no keyring, or a value does not decrypt
     */
    public int reEncryptAll() {
        return files.reEncryptAll();
    }
}

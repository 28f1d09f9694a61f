package io.tenantstore.fs;

/**
 * A signature made by a tenant's active signing key. Immutable and thread-safe.
 *
 * @param kid       the key id to put in the JWS header
 * @param algorithm the algorithm ({@code alg} header)
 * @param signature the JWS signature bytes
 */
public record SignatureResult(String kid, SigningKeyAlgorithm algorithm, byte[] signature) {
}

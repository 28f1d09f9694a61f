package io.tenantstore.model;

import java.util.Objects;

/**
 * A signature made by a tenant's active signing key. Immutable and thread-safe (the signature is
 * copied in and out).
 *
 * @param kid       the key id to put in the JWS header
 * @param algorithm the algorithm ({@code alg} header)
 * @param signature the JWS signature bytes (R||S for ES256)
 */
public record SignatureResult(String kid, SigningKeyAlgorithm algorithm, byte[] signature) {
    /** Checks the parts and copies the signature. */
    public SignatureResult {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        signature = signature.clone();
    }

    /** @return a copy of the signature bytes */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignatureResult r && kid.equals(r.kid) && algorithm == r.algorithm
                && java.util.Arrays.equals(signature, r.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kid, algorithm, java.util.Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "SignatureResult[kid=" + kid + ", alg=" + algorithm.jwsName() + ", " + signature.length + " bytes]";
    }
}

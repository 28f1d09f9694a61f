package io.tenantstore.model;

/**
 * The JWS algorithms a tenant's signing keys can use, each generated with the JDK's own providers.
 * Immutable and thread-safe.
 */
public enum SigningKeyAlgorithm {
    /** EdDSA on Ed25519. */
    EDDSA("EdDSA", "Ed25519", "Ed25519"),
    /** ECDSA on P-256 with SHA-256, signatures as R||S. */
    ES256("ES256", "EC", "SHA256withECDSAinP1363Format"),
    /** RSASSA-PKCS1-v1_5 with SHA-256 on a 2048-bit key. */
    RS256("RS256", "RSA", "SHA256withRSA");

    private final String jwsName;
    private final String keyAlgorithm;
    private final String signatureAlgorithm;

    SigningKeyAlgorithm(String jwsName, String keyAlgorithm, String signatureAlgorithm) {
        this.jwsName = jwsName;
        this.keyAlgorithm = keyAlgorithm;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** @return the JWS {@code alg} name, e.g. {@code ES256} */
    public String jwsName() {
        return jwsName;
    }

    /** @return the JCA key algorithm ({@code KeyFactory} name) */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    /** @return the JCA {@code Signature} algorithm producing JWS signature bytes */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /**
     * @param name a JWS {@code alg} name (or this enum's constant name), case-insensitive
     * @return the algorithm
     * @throws io.tenantstore.InvalidInputException naming the value when unknown
     */
    public static SigningKeyAlgorithm parse(String name) {
        for (SigningKeyAlgorithm a : values()) {
            if (a.jwsName.equalsIgnoreCase(name) || a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new io.tenantstore.InvalidInputException("unknown signing algorithm '" + name
                + "': expected EdDSA, ES256 or RS256");
    }
}

package io.tenantstore.fs;

/**
 * Life cycle of a signing key: {@code NEXT → ACTIVE → RETIRING → RETIRED}. Immutable and thread-safe.
 */
public enum SigningKeyState {
    /** Generated and published, not yet used to sign. */
    NEXT,
    /** The one key that signs. */
    ACTIVE,
    /** No longer signs; still verifies until its grace period ends. */
    RETIRING,
    /** Neither signs nor verifies; its private key is gone. */
    RETIRED;

    /** @return the lower-case name used in keys.yaml */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.tenantstore.model;

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

    /** @return the lower-case name used in stored key documents and listings */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param name a state's lower-case (or constant) name
     * @return the state
     * @throws io.tenantstore.InvalidInputException naming the value when unknown
     */
    public static SigningKeyState parse(String name) {
        for (SigningKeyState s : values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new io.tenantstore.InvalidInputException("unknown signing-key state '" + name
                + "': expected next, active, retiring or retired");
    }
}

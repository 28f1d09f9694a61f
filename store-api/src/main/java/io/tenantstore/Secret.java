package io.tenantstore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A sensitive string (password, client secret, TOTP seed) that never shows itself in
 * {@link #toString()}, logs or exception messages. Immutable and thread-safe.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * @param value the clear value; must not be empty
     * @return a secret holding it
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        if (value.isEmpty()) {
            throw new InvalidInputException("a secret must not be empty");
        }
        return new Secret(value);
    }

    /** @return the clear value; call only where it is needed (a driver, a hash function) */
    public String reveal() {
        return value;
    }

    /**
     * Compares in time independent of where the values differ.
     *
     * @param candidate the value presented
     * @return whether it equals this secret
     */
    public boolean matches(String candidate) {
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && matches(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** @return a fixed mask; never the value */
    @Override
    public String toString() {
        return "Secret[****]";
    }
}

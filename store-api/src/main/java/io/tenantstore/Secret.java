package io.tenantstore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A sensitive string (password, client secret, TOTP seed) that never shows itself in
 * {@link #toString()}, logs or exception messages. Immutable and thread-safe.
 */
public final class Secret {
    private final String value;
    private final @Nullable String reference;

    private Secret(String value, @Nullable String reference) {
        this.value = value;
        this.reference = reference;
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
        return new Secret(value, null);
    }

    /**
     * A secret read from configuration through a reference that is safe to write back, such as
     * {@code ${APP_DB_PASSWORD}} or an {@code enc:} value; a writer stores the reference, never
     * the value.
     *
     * @param value     the resolved clear value
     * @param reference the form it was written in
     * @return a secret remembering its reference
     */
    public static Secret referenced(String value, String reference) {
        Objects.requireNonNull(reference, "reference");
        Secret s = of(value);
        return new Secret(s.value, reference);
    }

    /** @return the configuration form this secret was read from, if it was read through one */
    public Optional<String> reference() {
        return Optional.ofNullable(reference);
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

package io.tenantstore.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;

/**
 * A database login minted by a {@link CredentialProvider}: user name, password or token, and the
 * instant it stops working, if it has one. Immutable and thread-safe; {@link #toString()} never
 * shows the secret.
 *
 * @param username  the login user; not blank
 * @param secret    the password or token
 * @param expiresAt when the secret stops working; empty for a secret that does not expire
 */
public record Credential(String username, Secret secret, Optional<Instant> expiresAt) {
    /** Rejects nulls and a blank user name. */
    public Credential {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (username.isBlank()) {
            throw new InvalidInputException("a credential's username must not be blank");
        }
    }

    /**
     * @param username the login user
     * @param secret   the password
     * @return a credential that does not expire
     */
    public static Credential of(String username, Secret secret) {
        return new Credential(username, secret, Optional.empty());
    }

    /**
     * @param username  the login user
     * @param secret    the password or token
     * @param expiresAt when it stops working
     * @return a credential expiring at {@code expiresAt}
     */
    public static Credential expiring(String username, Secret secret, Instant expiresAt) {
        return new Credential(username, secret, Optional.of(expiresAt));
    }

    /**
     * @param now the current time
     * @return whether the secret no longer works at {@code now} (never, for one without expiry)
     */
    public boolean isExpiredAt(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }

    /** @return the user name and expiry; the secret is masked */
    @Override
    public String toString() {
        return "Credential[username=" + username + ", secret=****, expiresAt="
                + expiresAt.map(Instant::toString).orElse("never") + "]";
    }
}

package io.tenantstore.model;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One way a user signs in: the password ({@link #PASSWORD}, subject = the user's id, email = the
 * user's email) or an external provider's account ({@code google}, {@code github}, an OpenID issuer
 * URL ...) named by {@code (provider, subject)}, unique in the tenant. Immutable; thread-safe.
 *
 * @param userId        the user
 * @param provider      the provider
 * @param subject       the account at the provider
 * @param email         the email the provider reported, or {@code null}
 * @param emailVerified whether the provider said that email is verified
 * @param claims        the provider's raw claims as a JSON object, or {@code null}
 * @param createdAt     when the identity was linked (for the password: last set)
 * @param updatedAt     when it last changed
 */
public record UserIdentity(String userId, String provider, String subject, @Nullable String email,
                           boolean emailVerified, @Nullable String claims, Instant createdAt, Instant updatedAt) {
    /** The provider name of the password identity. */
    public static final String PASSWORD = "password";

    /** Rejects missing required parts. */
    public UserIdentity {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** @return whether this is the password identity */
    public boolean isPassword() {
        return PASSWORD.equals(provider);
    }
}

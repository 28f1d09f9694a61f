package io.tenantstore.model;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An external identity to link to a user: what the provider said after a successful sign-in.
 * Immutable; thread-safe.
 *
 * @param provider      the provider ({@code google}, {@code github}, an OpenID issuer URL); 1 to
 *                      255 printable ASCII characters, not {@code password}
 * @param subject       the account at the provider; 1 to 255 printable ASCII characters
 * @param email         the email the provider reported, or {@code null}
 * @param emailVerified whether the provider said that email is verified
 * @param claims        the provider's raw claims as a JSON object of at most 16,384 characters,
 *                      or {@code null}
 */
public record NewIdentity(String provider, String subject, @Nullable String email, boolean emailVerified,
                          @Nullable String claims) {
    /** Rejects missing required parts; the repository checks the rest. */
    public NewIdentity {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(subject, "subject");
    }

    /**
     * @param provider the provider
     * @param subject  the account at the provider
     * @return an identity without email or claims
     */
    public static NewIdentity of(String provider, String subject) {
        return new NewIdentity(provider, subject, null, false, null);
    }
}

package io.tenantstore.model;

import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What {@code AdminRepository.create} needs: exactly one way to sign in, a password hash (from a
 * {@link io.tenantstore.PasswordHasher}) or an external identity. Never a clear password.
 * Immutable; thread-safe.
 *
 * @param username     login name: 1 to 128 of {@code a-z 0-9 . _ @ + -}, starting with a letter or digit
 * @param tenant       the tenant's slug, or {@code null} for a global administrator
 * @param roles        1 to 32 roles, each 1 to 64 of {@code A-Z a-z 0-9 : . _ -}
 * @param passwordHash the password's hash, or {@code null}
 * @param provider     the external identity's provider, or {@code null}
 * @param subject      the external identity's subject, or {@code null}
 */
public record NewAdmin(String username, @Nullable String tenant, Set<String> roles, @Nullable String passwordHash,
                       @Nullable String provider, @Nullable String subject) {
    /** Copies the roles. */
    public NewAdmin {
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
    }

    /**
     * @param username     login name
     * @param tenant       slug, or {@code null} for global
     * @param roles        roles
     * @param passwordHash hash from the store's hasher
     * @return an administrator signing in with a password
     */
    public static NewAdmin withPassword(String username, @Nullable String tenant, Set<String> roles,
                                        String passwordHash) {
        return new NewAdmin(username, tenant, roles, Objects.requireNonNull(passwordHash, "passwordHash"), null, null);
    }

    /**
     * @param username login name
     * @param tenant   slug, or {@code null} for global
     * @param roles    roles
     * @param provider the identity provider
     * @param subject  the account at the provider
     * @return an administrator signing in with an external identity
     */
    public static NewAdmin external(String username, @Nullable String tenant, Set<String> roles, String provider,
                                    String subject) {
        return new NewAdmin(username, tenant, roles, null, provider, subject);
    }

    /** The hash is not shown. */
    @Override
    public String toString() {
        return "NewAdmin[username=" + username + ", tenant=" + tenant + ", roles=" + roles
                + (passwordHash != null ? ", password" : ", provider=" + provider + ", subject=" + subject) + "]";
    }
}

package io.tenantstore.repository;

import java.util.List;
import java.util.Optional;

import io.tenantstore.model.NewIdentity;
import io.tenantstore.model.UserIdentity;

/**
 * The ways users of the bound tenant sign in: their password and their external identities
 * {@code (provider, subject)}, each unique in the tenant. Thread-safe.
 *
 * <p>Nothing is merged by email: an external sign-in whose email matches an existing user finds no
 * user through {@link #find} until the application links that identity to the user with
 * {@link #link}, after the user proved they own both. The password identity is set through
 * {@link UserRepository} and only listed and unlinked here.
 */
public interface IdentityRepository {
    /**
     * @param userId   the user
     * @param identity the external identity
     * @return the linked identity
     * @throws io.tenantstore.InvalidInputException when a part is malformed, the claims are not a
     *                                              JSON object of at most 16,384 characters, or the
     *                                              provider is {@code password}
     * @throws io.tenantstore.NotFoundException     when the user does not exist in this tenant
     * @throws io.tenantstore.ConflictException     when that {@code (provider, subject)} is already
     *                                              linked, to this user or another
     */
    UserIdentity link(String userId, NewIdentity identity);

    /**
     * Removes one way to sign in, never the last one.
     *
     * @param userId   the user
     * @param provider the provider, or {@code password} for the password
     * @param subject  the subject (for the password: the user's id)
     * @return whether the identity was linked to that user and is now removed
     * @throws io.tenantstore.ConflictException     with code {@code LAST_SIGN_IN_METHOD} when it
     *                                              is the user's only way to sign in; nothing changes
     * @throws io.tenantstore.InvalidInputException when a part is malformed
     */
    boolean unlink(String userId, String provider, String subject);

    /**
     * @param provider the provider
     * @param subject  the subject at the provider
     * @return the external identity with its user, if linked in this tenant
     * @throws io.tenantstore.InvalidInputException when a part is malformed
     */
    Optional<UserIdentity> find(String provider, String subject);

    /**
     * @param userId the user
     * @return the user's password identity (first, when set) and external identities (by provider,
     *         then subject); empty for an unknown user
     * @throws io.tenantstore.InvalidInputException when the id is not a UUID
     */
    List<UserIdentity> list(String userId);
}

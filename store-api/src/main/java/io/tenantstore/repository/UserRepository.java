package io.tenantstore.repository;

import java.util.Optional;

import io.tenantstore.model.NewUser;
import io.tenantstore.model.ProfileUpdate;
import io.tenantstore.model.User;
import io.tenantstore.model.UserAccount;
import io.tenantstore.model.UserPage;
import io.tenantstore.model.UserQuery;
import io.tenantstore.model.UserUpdate;
import org.jspecify.annotations.Nullable;

/** Users of the bound tenant and their password identities. Thread-safe. */
public interface UserRepository {
    /**
     * @param user the new user
     * @return the stored user
     * @throws io.tenantstore.ConflictException     when the email is taken in this tenant
     * @throws io.tenantstore.InvalidInputException for a malformed email
     */
    User create(NewUser user);

    /** @param id user id @return the user, if it exists in this tenant */
    Optional<User> getById(String id);

    /** @param email login email, any case @return the user and password identity, if any */
    Optional<UserAccount> getByEmail(String email);

    /** @param query page request @return one page, ordered by id */
    UserPage list(UserQuery query);

    /**
     * @param id     user id
     * @param update fields to change
     * @return the updated user
     * @throws io.tenantstore.NotFoundException when no such user
     * @throws io.tenantstore.ConflictException when the new email is taken
     */
    User update(String id, UserUpdate update);

    /**
     * Changes the parts of the user's profile the update names and leaves the others; a part
     * named with {@code null} is cleared. A default method, so that adapters written before
     * profiles existed keep compiling; they answer with an error instead.
     *
     * @param id     user id
     * @param update the parts to change
     * @return the updated user
     * @throws io.tenantstore.NotFoundException           when no such user in this tenant
     * @throws io.tenantstore.InvalidInputException       for a malformed value (nothing is written)
     * @throws io.tenantstore.UnsupportedFeatureException when the adapter has no profiles
     */
    default User updateProfile(String id, ProfileUpdate update) {
        throw new io.tenantstore.UnsupportedFeatureException("user profiles are not implemented by "
                + getClass().getName());
    }

    /** Deletes the user with their identity, tokens, MFA, consents and role assignments. @param id user id @return whether it existed */
    boolean delete(String id);

    /**
     * @param id     user id
     * @param by     who disables (user id or operator)
     * @param reason why
     * @param until  when it ends by itself, or {@code null}
     * @return the updated user
     * @throws io.tenantstore.NotFoundException when no such user
     */
    User disable(String id, String by, String reason, java.time.@Nullable Instant until);

    /** @param id user id @return the updated user @throws io.tenantstore.NotFoundException when no such user */
    User enable(String id);

    /** @param id user id @param verified new state @return the updated user */
    User setEmailVerified(String id, boolean verified);

    /**
     * @param id   user id
     * @param hash hash from the store's {@code PasswordHasher}
     * @throws io.tenantstore.NotFoundException when no such user
     */
    void updatePasswordHash(String id, String hash);

    /**
     * Hashes with the store's hasher and stores the hash.
     *
     * @param id       user id
     * @param password clear password
     * @throws io.tenantstore.NotFoundException when no such user
     */
    void setPassword(String id, char[] password);

    /**
     * @param id       user id
     * @param password clear password presented
     * @return whether it matches the stored hash; false for an unknown user, a user without a
     *         password, or a disabled user
     */
    boolean checkPassword(String id, char[] password);
}

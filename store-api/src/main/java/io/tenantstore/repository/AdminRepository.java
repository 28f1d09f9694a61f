package io.tenantstore.repository;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.tenantstore.PasswordHasher;
import io.tenantstore.model.Admin;
import io.tenantstore.model.NewAdmin;

/**
 * Administrators of the control plane, global or per tenant. Writes raise
 * {@link io.tenantstore.NotLeaderException} in a process that opened the control plane as a reader.
 * Thread-safe.
 */
public interface AdminRepository {
    /**
     * @param admin the new administrator
     * @return it as stored
     * @throws io.tenantstore.ConflictException      when the username is taken
     * @throws io.tenantstore.InvalidInputException  for a malformed value, or not exactly one way to sign in
     * @throws io.tenantstore.TenantNotFoundException when the named tenant does not exist
     */
    Admin create(NewAdmin admin);

    /** @return every administrator, ordered by username */
    List<Admin> list();

    /** @param slug a tenant @return the administrators of that tenant (not the global ones), by username */
    List<Admin> listForTenant(String slug);

    /** @param username login name @return the administrator, if any */
    Optional<Admin> get(String username);

    /**
     * @param username        login name
     * @param roles           the new roles (replacing the old ones)
     * @param expectedVersion the version the caller read
     * @return the updated administrator
     * @throws io.tenantstore.NotFoundException    when no such administrator
     * @throws io.tenantstore.ConflictException    when the version is stale
     * @throws io.tenantstore.InvalidInputException for malformed roles
     */
    Admin updateRoles(String username, Set<String> roles, long expectedVersion);

    /** @param username login name @return whether it existed */
    boolean delete(String username);

    /**
     * @param username login name
     * @param password the clear password presented
     * @param hasher   the store's password hasher (the one that made the hash)
     * @return whether it matches; false for an unknown administrator or one without a password
     */
    boolean checkPassword(String username, char[] password, PasswordHasher hasher);
}

package io.tenantstore.repository;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.tenantstore.model.NewRole;
import io.tenantstore.model.Role;
import io.tenantstore.model.RoleUpdate;

/** Roles, permissions and role assignments of the bound tenant. Thread-safe. */
public interface RbacRepository {
    /**
     * @param role the new role
     * @return the stored role
     * @throws io.tenantstore.ConflictException     when the name is taken
     * @throws io.tenantstore.InvalidInputException when a parent role does not exist
     */
    Role createRole(NewRole role);

    /** @param name role name @return the role, if any */
    Optional<Role> getRole(String name);

    /** @return every role, by name */
    List<Role> listRoles();

    /**
     * @param name   role name
     * @param update fields to change
     * @return the updated role
     * @throws io.tenantstore.InvalidInputException when the new parents would make a cycle
     */
    Role updateRole(String name, RoleUpdate update);

    /**
     * @param name role name
     * @return whether it existed
     * @throws io.tenantstore.InvalidInputException for a system role
     */
    boolean deleteRole(String name);

    /** @param userId the user @param roleName the role @throws io.tenantstore.NotFoundException for an unknown role */
    void assignRole(String userId, String roleName);

    /** @param userId the user @param roleName the role @return whether the assignment existed */
    boolean removeRole(String userId, String roleName);

    /** @param userId the user @return roles assigned directly, by name */
    List<Role> userRoles(String userId);

    /** @param userId the user @return permissions of every assigned role, inheritance resolved */
    Set<String> userPermissions(String userId);

    /** @param roleName the role @param permission the permission to add */
    void addPermission(String roleName, String permission);

    /** @param roleName the role @param permission the permission @return whether it was present */
    boolean removePermission(String roleName, String permission);
}

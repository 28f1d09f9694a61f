package io.tenantstore.jdbc.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.tenantstore.spi.InputRules;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.jdbc.Constraint;
import io.tenantstore.model.NewRole;
import io.tenantstore.model.Role;
import io.tenantstore.model.RoleUpdate;
import io.tenantstore.repository.RbacRepository;
import org.jspecify.annotations.Nullable;

/**
 * Roles, their permissions and parents, and role assignments of one tenant. Inheritance is
 * resolved in the database with a recursive query; changes to a role's parents are serialised per
 * tenant (they lock the tenant's role rows) so two concurrent updates cannot close a cycle.
 * Deleting a role removes it from its children's parents and from its users. Thread-safe
 * (immutable; each call takes its own pooled connection).
 */
final class JdbcRbacRepository implements RbacRepository {
    private static final ErrorContext READ = ErrorContext.of("read roles");

    // one query returns roles with their permissions (kind 1) and parents (kind 2) as rows
    private static final String ROLES = "SELECT r.id, r.name, r.description, r.system, r.created_at, r.updated_at,"
            + " x.kind, x.val FROM {ts_roles} r LEFT JOIN ("
            + " SELECT rp.role_id, 1 AS kind, rp.permission AS val, 0 AS pos FROM {ts_role_permissions} rp"
            + " WHERE rp.tenant_id = ?"
            + " UNION ALL"
            + " SELECT pa.role_id, 2, pr.name, pa.position FROM {ts_role_parents} pa"
            + " JOIN {ts_roles} pr ON pr.tenant_id = pa.tenant_id AND pr.id = pa.parent_id"
            + " WHERE pa.tenant_id = ?"
            + ") x ON x.role_id = r.id WHERE r.tenant_id = ?";
    private static final String ORDER = " ORDER BY r.name, x.kind, x.pos, x.val";

    /** The statements. */
    enum Sql implements StatementSet.Definition {
        ROLE_BY_NAME(r -> r.stmt(ROLES + " AND r.name = ?" + ORDER)),
        ALL_ROLES(r -> r.stmt(ROLES + ORDER)),
        ROLES_OF_USER(r -> r.stmt(ROLES + " AND r.id IN (SELECT ur.role_id FROM {ts_user_roles} ur"
                + " WHERE ur.tenant_id = ? AND ur.user_id = ?)" + ORDER)),
        REF_BY_NAME(r -> r.stmt("SELECT id, " + system(r) + " FROM {ts_roles} WHERE tenant_id = ? AND name = ?")),
        REF_BY_NAME_FOR_UPDATE(r -> r.stmt("SELECT id, " + system(r) + " FROM {ts_roles} WHERE tenant_id = ?"
                + " AND name = ?" + r.dialect().rowLockClause())),
        LOCK_ALL_ROLES(r -> r.stmt("SELECT id FROM {ts_roles} WHERE tenant_id = ? ORDER BY id"
                + r.dialect().rowLockClause())),
        INSERT_ROLE(r -> r.stmt("INSERT INTO {ts_roles} (tenant_id, id, name, description, " + system(r)
                + ", created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")),
        INSERT_PERMISSION(r -> r.stmt(r.dialect().insertIfAbsent(r.table("ts_role_permissions"),
                List.of("tenant_id", "role_id", "permission"), List.of("tenant_id", "role_id", "permission")))),
        INSERT_PARENT(r -> r.stmt("INSERT INTO {ts_role_parents} (tenant_id, role_id, parent_id, position)"
                + " VALUES (?, ?, ?, ?)")),
        DELETE_PERMISSIONS(r -> r.stmt("DELETE FROM {ts_role_permissions} WHERE tenant_id = ? AND role_id = ?")),
        DELETE_PERMISSION(r -> r.stmt("DELETE FROM {ts_role_permissions} WHERE tenant_id = ? AND role_id = ?"
                + " AND permission = ?")),
        DELETE_PARENTS(r -> r.stmt("DELETE FROM {ts_role_parents} WHERE tenant_id = ? AND role_id = ?")),
        ALL_EDGES(r -> r.stmt("SELECT role_id, parent_id FROM {ts_role_parents} WHERE tenant_id = ?")),
        UPDATE_ROLE(r -> r.stmt("UPDATE {ts_roles} SET description = COALESCE(?, description), updated_at = ?"
                + " WHERE tenant_id = ? AND id = ?")),
        // touches the role only while it lacks the permission: run before inserting it
        TOUCH_ROLE_FOR_NEW_PERMISSION(r -> r.stmt("UPDATE {ts_roles} SET updated_at = ? WHERE tenant_id = ? AND id = ?"
                + " AND NOT EXISTS (SELECT 1 FROM {ts_role_permissions} rp"
                + " WHERE rp.tenant_id = ? AND rp.role_id = ? AND rp.permission = ?)")),
        DELETE_ROLE(r -> r.stmt("DELETE FROM {ts_roles} WHERE tenant_id = ? AND name = ? AND " + system(r)
                + " = FALSE")),
        ASSIGN(r -> r.stmt(r.dialect().insertIfAbsent(r.table("ts_user_roles"),
                List.of("tenant_id", "user_id", "role_id", "assigned_at"), List.of("tenant_id", "user_id", "role_id")))),
        UNASSIGN(r -> r.stmt("DELETE FROM {ts_user_roles} WHERE tenant_id = ? AND user_id = ? AND role_id ="
                + " (SELECT id FROM {ts_roles} WHERE tenant_id = ? AND name = ?)")),
        PERMISSIONS_OF_USER(r -> r.stmt("WITH RECURSIVE granted (role_id) AS ("
                + " SELECT ur.role_id FROM {ts_user_roles} ur WHERE ur.tenant_id = ? AND ur.user_id = ?"
                + " UNION"
                + " SELECT pa.parent_id FROM {ts_role_parents} pa JOIN granted g ON pa.role_id = g.role_id"
                + " WHERE pa.tenant_id = ?"
                + ") SELECT DISTINCT rp.permission FROM {ts_role_permissions} rp"
                + " JOIN granted g ON rp.role_id = g.role_id WHERE rp.tenant_id = ?"));

        private final StatementSet.Definition definition;

        Sql(StatementSet.Definition definition) {
            this.definition = definition;
        }

        /** {@code system} is a reserved word in MySQL 8.0.3+; quoted, it is the same column everywhere. */
        private static String system(SqlRenderer r) {
            return r.dialect().quoteIdentifier("system");
        }

        @Override
        public Stmt render(SqlRenderer r) {
            return definition.render(r);
        }
    }

    private final SqlRunner runner;
    private final BoundTenant tenant;
    private final StatementSet<Sql> sql;
    private final Clock clock;

    JdbcRbacRepository(SqlRunner runner, BoundTenant tenant, StatementSet<Sql> sql, Clock clock) {
        this.runner = runner;
        this.tenant = tenant;
        this.sql = sql;
        this.clock = clock;
    }

    @Override
    public Role createRole(NewRole role) {
        Objects.requireNonNull(role, "role");
        String name = InputRules.roleName(role.name());
        String description = InputRules.text("role description", role.description(), InputRules.MAX_TEXT);
        Set<String> permissions = permissions(role.permissions());
        List<String> parents = parentNames(role.inheritsFrom());
        Instant now = DbTime.now(clock);
        UUID id = InputRules.newId(now);
        ErrorContext ctx = ErrorContext.of("create role")
                .onConflict(c -> "role '" + name + "' already exists in tenant '" + tenant.slug() + "'");
        runner.transaction(tenant, ctx, s -> {
            List<UUID> parentIds = resolveParents(s, parents);
            s.update(sql.get(Sql.INSERT_ROLE), p -> p.uuid(tenant.id()).uuid(id).string(name).string(description)
                    .bool(role.system()).instant(now).instant(now));
            writePermissions(s, id, permissions);
            writeParents(s, id, parentIds);
            return null;
        });
        return new Role(id.toString(), name, description, permissions, parents, role.system(), now, now);
    }

    @Override
    public Optional<Role> getRole(String name) {
        String n = InputRules.roleName(name);
        List<Role> roles = readRoles(runner.list(tenant, READ, sql.get(Sql.ROLE_BY_NAME),
                p -> p.uuid(tenant.id()).uuid(tenant.id()).uuid(tenant.id()).string(n), JdbcRbacRepository::roleRow));
        return roles.stream().findFirst();
    }

    @Override
    public List<Role> listRoles() {
        return readRoles(runner.list(tenant, READ, sql.get(Sql.ALL_ROLES),
                p -> p.uuid(tenant.id()).uuid(tenant.id()).uuid(tenant.id()), JdbcRbacRepository::roleRow));
    }

    @Override
    public Role updateRole(String name, RoleUpdate update) {
        String n = InputRules.roleName(name);
        Objects.requireNonNull(update, "update");
        String description = InputRules.optionalText("role description", update.description(), InputRules.MAX_TEXT);
        Set<String> permissions = update.permissions() == null ? null : permissions(update.permissions());
        List<String> parents = update.inheritsFrom() == null ? null : parentNames(update.inheritsFrom());
        Instant now = DbTime.now(clock);
        return runner.transaction(tenant, ErrorContext.of("update role"), s -> {
            if (parents != null) {
                // serialise hierarchy changes of this tenant: the cycle check below must see the
                // edges no concurrent update is about to change
                s.list(sql.get(Sql.LOCK_ALL_ROLES), p -> p.uuid(tenant.id()), r -> r.uuid(1));
            }
            RoleRef ref = s.one(sql.get(Sql.REF_BY_NAME_FOR_UPDATE), p -> p.uuid(tenant.id()).string(n), RoleRef::read)
                    .orElseThrow(() -> roleNotFound(n));
            s.update(sql.get(Sql.UPDATE_ROLE), p -> p.nullableString(description).instant(now).uuid(tenant.id()).uuid(ref.id()));
            if (permissions != null) {
                s.update(sql.get(Sql.DELETE_PERMISSIONS), p -> p.uuid(tenant.id()).uuid(ref.id()));
                writePermissions(s, ref.id(), permissions);
            }
            if (parents != null) {
                List<UUID> parentIds = resolveParents(s, parents);
                rejectCycle(s, n, ref.id(), parentIds);
                s.update(sql.get(Sql.DELETE_PARENTS), p -> p.uuid(tenant.id()).uuid(ref.id()));
                writeParents(s, ref.id(), parentIds);
            }
            return readRoles(s.list(sql.get(Sql.ROLE_BY_NAME), p -> p.uuid(tenant.id()).uuid(tenant.id()).uuid(tenant.id())
                    .string(n), JdbcRbacRepository::roleRow)).get(0);
        });
    }

    @Override
    public boolean deleteRole(String name) {
        String n = InputRules.roleName(name);
        return runner.autoCommit(tenant, ErrorContext.of("delete role"), s -> {
            if (s.update(sql.get(Sql.DELETE_ROLE), p -> p.uuid(tenant.id()).string(n)) > 0) {
                return true;
            }
            Optional<RoleRef> ref = s.one(sql.get(Sql.REF_BY_NAME), p -> p.uuid(tenant.id()).string(n), RoleRef::read);
            if (ref.isPresent() && ref.get().system()) {
                throw new InvalidInputException("system role '" + n + "' cannot be deleted");
            }
            return false;
        });
    }

    @Override
    public void assignRole(String userId, String roleName) {
        UUID user = InputRules.uuid("user id", userId);
        String n = InputRules.roleName(roleName);
        Instant now = DbTime.now(clock);
        ErrorContext ctx = ErrorContext.of("assign role").onMissingReference(c -> c == Constraint.USER_ROLES_ROLE_FK
                ? roleNotFound(n).getMessage()
                : "user '" + userId + "' not found in tenant '" + tenant.slug() + "'");
        runner.autoCommit(tenant, ctx, s -> {
            RoleRef ref = s.one(sql.get(Sql.REF_BY_NAME), p -> p.uuid(tenant.id()).string(n), RoleRef::read)
                    .orElseThrow(() -> roleNotFound(n));
            s.update(sql.get(Sql.ASSIGN), p -> p.uuid(tenant.id()).uuid(user).uuid(ref.id()).instant(now));
            return null;
        });
    }

    @Override
    public boolean removeRole(String userId, String roleName) {
        UUID user = InputRules.uuid("user id", userId);
        String n = InputRules.roleName(roleName);
        return runner.update(tenant, ErrorContext.of("remove role"), sql.get(Sql.UNASSIGN),
                p -> p.uuid(tenant.id()).uuid(user).uuid(tenant.id()).string(n)) > 0;
    }

    @Override
    public List<Role> userRoles(String userId) {
        UUID user = InputRules.uuid("user id", userId);
        return readRoles(runner.list(tenant, READ, sql.get(Sql.ROLES_OF_USER),
                p -> p.uuid(tenant.id()).uuid(tenant.id()).uuid(tenant.id()).uuid(tenant.id()).uuid(user),
                JdbcRbacRepository::roleRow));
    }

    @Override
    public Set<String> userPermissions(String userId) {
        UUID user = InputRules.uuid("user id", userId);
        return Set.copyOf(runner.list(tenant, READ, sql.get(Sql.PERMISSIONS_OF_USER),
                p -> p.uuid(tenant.id()).uuid(user).uuid(tenant.id()).uuid(tenant.id()), r -> r.string(1)));
    }

    @Override
    public void addPermission(String roleName, String permission) {
        String n = InputRules.roleName(roleName);
        String perm = InputRules.permission(permission);
        Instant now = DbTime.now(clock);
        runner.transaction(tenant, ErrorContext.of("add permission"), s -> {
            RoleRef ref = s.one(sql.get(Sql.REF_BY_NAME_FOR_UPDATE), p -> p.uuid(tenant.id()).string(n), RoleRef::read)
                    .orElseThrow(() -> roleNotFound(n));
            // touch first, under the role's lock: the insert's update count cannot tell an existing
            // row on every engine (MySQL counts a found duplicate as one row)
            s.update(sql.get(Sql.TOUCH_ROLE_FOR_NEW_PERMISSION), p -> p.instant(now).uuid(tenant.id()).uuid(ref.id())
                    .uuid(tenant.id()).uuid(ref.id()).string(perm));
            s.update(sql.get(Sql.INSERT_PERMISSION), p -> p.uuid(tenant.id()).uuid(ref.id()).string(perm));
            return null;
        });
    }

    @Override
    public boolean removePermission(String roleName, String permission) {
        String n = InputRules.roleName(roleName);
        String perm = InputRules.permission(permission);
        Instant now = DbTime.now(clock);
        return runner.transaction(tenant, ErrorContext.of("remove permission"), s -> {
            Optional<RoleRef> ref = s.one(sql.get(Sql.REF_BY_NAME_FOR_UPDATE), p -> p.uuid(tenant.id()).string(n), RoleRef::read);
            if (ref.isEmpty()) {
                return false;
            }
            UUID id = ref.get().id();
            if (s.update(sql.get(Sql.DELETE_PERMISSION), p -> p.uuid(tenant.id()).uuid(id).string(perm)) == 0) {
                return false;
            }
            s.update(sql.get(Sql.UPDATE_ROLE), p -> p.nullableString(null).instant(now).uuid(tenant.id()).uuid(id));
            return true;
        });
    }

    private static Set<String> permissions(Set<String> permissions) {
        Objects.requireNonNull(permissions, "permissions");
        for (String p : permissions) {
            InputRules.permission(p);
        }
        return Set.copyOf(permissions);
    }

    private static List<String> parentNames(List<String> names) {
        Objects.requireNonNull(names, "inheritsFrom");
        Set<String> distinct = new LinkedHashSet<>();
        for (String n : names) {
            if (!distinct.add(InputRules.roleName(n))) {
                throw new InvalidInputException("role '" + n + "' is listed twice as a parent");
            }
        }
        return List.copyOf(distinct);
    }

    private List<UUID> resolveParents(Session s, List<String> parents) throws SQLException {
        List<UUID> ids = new ArrayList<>(parents.size());
        for (String parent : parents) {
            ids.add(s.one(sql.get(Sql.REF_BY_NAME), p -> p.uuid(tenant.id()).string(parent), RoleRef::read)
                    .orElseThrow(() -> new InvalidInputException("parent role '" + parent
                            + "' does not exist in tenant '" + tenant.slug() + "'"))
                    .id());
        }
        return ids;
    }

    private void writePermissions(Session s, UUID roleId, Set<String> permissions) throws SQLException {
        List<Session.Binder> rows = new ArrayList<>(permissions.size());
        for (String perm : permissions) {
            rows.add(p -> p.uuid(tenant.id()).uuid(roleId).string(perm));
        }
        s.batch(sql.get(Sql.INSERT_PERMISSION), rows);
    }

    private void writeParents(Session s, UUID roleId, List<UUID> parentIds) throws SQLException {
        List<Session.Binder> rows = new ArrayList<>(parentIds.size());
        for (int i = 0; i < parentIds.size(); i++) {
            UUID parent = parentIds.get(i);
            int position = i;
            rows.add(p -> p.uuid(tenant.id()).uuid(roleId).uuid(parent).integer(position));
        }
        s.batch(sql.get(Sql.INSERT_PARENT), rows);
    }

    /** Rejects new parents from which {@code roleId} is reachable (itself included). */
    private void rejectCycle(Session s, String name, UUID roleId, List<UUID> parentIds) throws SQLException {
        Map<UUID, List<UUID>> parentsOf = new HashMap<>();
        for (UUID[] edge : s.list(sql.get(Sql.ALL_EDGES), p -> p.uuid(tenant.id()), r -> new UUID[] {r.uuid(1), r.uuid(2)})) {
            parentsOf.computeIfAbsent(edge[0], k -> new ArrayList<>()).add(edge[1]);
        }
        parentsOf.put(roleId, parentIds);
        Deque<UUID> pending = new ArrayDeque<>(parentIds);
        Set<UUID> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            UUID next = pending.pop();
            if (next.equals(roleId)) {
                throw new InvalidInputException("role '" + name + "' cannot inherit from these roles: "
                        + "the inheritance would form a cycle");
            }
            if (seen.add(next)) {
                pending.addAll(parentsOf.getOrDefault(next, List.of()));
            }
        }
    }

    private NotFoundException roleNotFound(String name) {
        return new NotFoundException("role '" + name + "' not found in tenant '" + tenant.slug() + "'");
    }

    /** A role's id and system flag. */
    private record RoleRef(UUID id, boolean system) {
        static RoleRef read(Row r) throws SQLException {
            return new RoleRef(r.uuid(1), r.bool(2));
        }
    }

    /** One row of the roles query: a role, and one of its permissions or parents (or none). */
    private record RoleRow(UUID id, String name, String description, boolean system, Instant createdAt,
                           Instant updatedAt, int kind, @Nullable String value) {
    }

    private static RoleRow roleRow(Row r) throws SQLException {
        return new RoleRow(r.uuid(1), r.string(2), r.string(3), r.bool(4), r.instant(5), r.instant(6), r.integer(7),
                r.nullableString(8));
    }

    /** Folds the rows (ordered by role) into roles. */
    private static List<Role> readRoles(List<RoleRow> rows) {
        List<Role> roles = new ArrayList<>();
        int i = 0;
        while (i < rows.size()) {
            RoleRow first = rows.get(i);
            Set<String> permissions = new HashSet<>();
            List<String> parents = new ArrayList<>();
            for (; i < rows.size() && rows.get(i).id().equals(first.id()); i++) {
                RoleRow row = rows.get(i);
                if (row.kind() == 1) {
                    permissions.add(row.value());
                } else if (row.kind() == 2) {
                    parents.add(row.value());
                }
            }
            roles.add(new Role(first.id().toString(), first.name(), first.description(), permissions, parents,
                    first.system(), first.createdAt(), first.updatedAt()));
        }
        return roles;
    }
}

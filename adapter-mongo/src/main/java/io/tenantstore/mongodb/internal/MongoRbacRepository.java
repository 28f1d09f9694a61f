package io.tenantstore.mongodb.internal;

import static io.tenantstore.mongodb.internal.StoreCollections.ID;
import static io.tenantstore.mongodb.internal.TenantContext.date;
import static io.tenantstore.mongodb.internal.TenantContext.instant;
import static io.tenantstore.mongodb.internal.TenantContext.strings;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.tenantstore.spi.Text;
import io.tenantstore.spi.InputRules;
import io.tenantstore.ConflictException;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.model.NewRole;
import io.tenantstore.model.Role;
import io.tenantstore.model.RoleUpdate;
import io.tenantstore.repository.RbacRepository;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Roles ({@code roles}, unique index {@code {tenantId, name}}) and role assignments
 * ({@code user_roles}) of one tenant.
 *
 * <p>Deleting a role also deletes its assignments and removes it from the parents of other
 * roles (what {@code ON DELETE CASCADE} does in the SQL adapters). Cycles are refused when a role
 * is created or its parents change; without transactions two concurrent updates could still close
 * a cycle, so permission resolution tolerates one (it visits each role once). Thread-safe.
 */
final class MongoRbacRepository implements RbacRepository {
    private static final FindOneAndUpdateOptions RETURN_AFTER =
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    private final TenantContext ctx;

    /** @param ctx the bound tenant */
    MongoRbacRepository(TenantContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Role createRole(NewRole role) {
        Objects.requireNonNull(role, "role");
        String name = validName(role.name());
        List<String> parents = validParents(role.inheritsFrom());
        if (parents.contains(name)) {
            throw new InvalidInputException("role " + Text.quote(name) + " cannot inherit from itself");
        }
        requireRolesExist(parents, "parent role");
        Instant now = ctx.now();
        Document doc = ctx.newDocument()
                .append(ID, UUID.randomUUID().toString())
                .append(Fields.NAME, name)
                .append(Fields.DESCRIPTION, InputRules.text("role description", role.description(),
                        InputRules.MAX_TEXT))
                .append(Fields.PERMISSIONS, validPermissions(role.permissions()))
                .append(Fields.INHERITS_FROM, parents)
                .append(Fields.SYSTEM, role.system())
                .append(Fields.CREATED_AT, date(now))
                .append(Fields.UPDATED_AT, date(now));
        ctx.call("create role", db -> {
            try {
                return db.roles().insertOne(doc);
            } catch (MongoException e) {
                if (MongoErrors.isDuplicateKey(e)) {
                    throw new ConflictException("role " + Text.quote(name) + " already exists in tenant "
                            + Text.quote(ctx.slug()), e);
                }
                throw e;
            }
        });
        return toRole(doc);
    }

    @Override
    public Optional<Role> getRole(String name) {
        Objects.requireNonNull(name, "name");
        return Optional.ofNullable(ctx.call("get role", db -> db.roles().find(byName(name)).first()))
                .map(MongoRbacRepository::toRole);
    }

    @Override
    public List<Role> listRoles() {
        return ctx.call("list roles", db -> toRoles(db.roles().find(ctx.filter()).sort(Sorts.ascending(Fields.NAME))
                .into(new ArrayList<>())));
    }

    @Override
    public Role updateRole(String name, RoleUpdate update) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(update, "update");
        List<Bson> sets = new ArrayList<>();
        if (update.description() != null) {
            sets.add(Updates.set(Fields.DESCRIPTION,
                    InputRules.text("role description", update.description(), InputRules.MAX_TEXT)));
        }
        if (update.permissions() != null) {
            sets.add(Updates.set(Fields.PERMISSIONS, validPermissions(update.permissions())));
        }
        if (update.inheritsFrom() != null) {
            List<String> parents = validParents(update.inheritsFrom());
            if (getRole(name).isEmpty()) {
                throw notFound(name);
            }
            requireRolesExist(parents, "parent role");
            rejectCycle(name, parents);
            sets.add(Updates.set(Fields.INHERITS_FROM, parents));
        }
        sets.add(Updates.set(Fields.UPDATED_AT, date(ctx.now())));
        Document doc = ctx.call("update role",
                db -> db.roles().findOneAndUpdate(byName(name), Updates.combine(sets), RETURN_AFTER));
        if (doc == null) {
            throw notFound(name);
        }
        return toRole(doc);
    }

    @Override
    public boolean deleteRole(String name) {
        Objects.requireNonNull(name, "name");
        Optional<Role> role = getRole(name);
        if (role.isEmpty()) {
            return false;
        }
        if (role.get().system()) {
            throw new InvalidInputException("role " + Text.quote(name) + " of tenant " + Text.quote(ctx.slug())
                    + " is a system role and cannot be deleted");
        }
        // The system flag is in the filter too, so a role turned system meanwhile stays.
        boolean deleted = ctx.call("delete role", db -> db.roles().deleteOne(ctx.filter(
                Filters.eq(Fields.NAME, name), Filters.ne(Fields.SYSTEM, true))).getDeletedCount() > 0);
        if (deleted) {
            // One write per call: a call may be repeated after a refused login.
            ctx.call("delete role", db -> db.userRoles().deleteMany(ctx.filter(Filters.eq(Fields.ROLE_NAME, name))));
            ctx.call("delete role", db -> db.roles().updateMany(ctx.filter(Filters.eq(Fields.INHERITS_FROM, name)),
                    Updates.combine(Updates.pull(Fields.INHERITS_FROM, name),
                            Updates.set(Fields.UPDATED_AT, date(ctx.now())))));
        }
        return deleted;
    }

    @Override
    public void assignRole(String userId, String roleName) {
        InputRules.id("user id", userId);
        Objects.requireNonNull(roleName, "roleName");
        if (getRole(roleName).isEmpty()) {
            throw notFound(roleName);
        }
        ctx.requireUser(userId);
        Instant now = ctx.now();
        ctx.call("assign role", db -> {
            try {
                return db.userRoles().updateOne(ctx.filter(Filters.eq(Fields.USER_ID, userId),
                        Filters.eq(Fields.ROLE_NAME, roleName)), Updates.setOnInsert(Fields.ASSIGNED_AT, date(now)),
                        new UpdateOptions().upsert(true));
            } catch (MongoException e) {
                if (MongoErrors.isDuplicateKey(e)) {
                    return null; // assigned by a concurrent caller: the outcome is the same
                }
                throw e;
            }
        });
    }

    @Override
    public boolean removeRole(String userId, String roleName) {
        InputRules.id("user id", userId);
        Objects.requireNonNull(roleName, "roleName");
        return ctx.call("remove role", db -> db.userRoles().deleteOne(ctx.filter(Filters.eq(Fields.USER_ID, userId),
                Filters.eq(Fields.ROLE_NAME, roleName))).getDeletedCount() > 0);
    }

    @Override
    public List<Role> userRoles(String userId) {
        InputRules.id("user id", userId);
        return ctx.call("list user roles", db -> {
            List<String> names = assignedRoleNames(db, userId);
            if (names.isEmpty()) {
                return List.of();
            }
            return toRoles(db.roles().find(ctx.filter(Filters.in(Fields.NAME, names)))
                    .sort(Sorts.ascending(Fields.NAME)).into(new ArrayList<>()));
        });
    }

    @Override
    public Set<String> userPermissions(String userId) {
        InputRules.id("user id", userId);
        return ctx.call("resolve user permissions", db -> {
            Set<String> permissions = new TreeSet<>();
            Set<String> seen = new HashSet<>();
            List<String> level = assignedRoleNames(db, userId);
            // One query per inheritance level; each role is visited once, so a cycle ends the walk.
            while (!level.isEmpty()) {
                seen.addAll(level);
                List<String> next = new ArrayList<>();
                for (Document d : db.roles().find(ctx.filter(Filters.in(Fields.NAME, level)))
                        .projection(Projections.include(Fields.PERMISSIONS, Fields.INHERITS_FROM))) {
                    permissions.addAll(strings(d, Fields.PERMISSIONS));
                    for (String parent : strings(d, Fields.INHERITS_FROM)) {
                        if (!seen.contains(parent) && !next.contains(parent)) {
                            next.add(parent);
                        }
                    }
                }
                level = next;
            }
            return Set.copyOf(permissions);
        });
    }

    @Override
    public void addPermission(String roleName, String permission) {
        Objects.requireNonNull(roleName, "roleName");
        String p = InputRules.permission(permission);
        long matched = ctx.call("add permission", db -> db.roles().updateOne(byName(roleName),
                Updates.combine(Updates.addToSet(Fields.PERMISSIONS, p),
                        Updates.set(Fields.UPDATED_AT, date(ctx.now()))))
                .getMatchedCount());
        if (matched == 0) {
            throw notFound(roleName);
        }
    }

    @Override
    public boolean removePermission(String roleName, String permission) {
        Objects.requireNonNull(roleName, "roleName");
        Objects.requireNonNull(permission, "permission");
        return ctx.call("remove permission", db -> db.roles().updateOne(
                ctx.filter(Filters.eq(Fields.NAME, roleName), Filters.eq(Fields.PERMISSIONS, permission)),
                Updates.combine(Updates.pull(Fields.PERMISSIONS, permission),
                        Updates.set(Fields.UPDATED_AT, date(ctx.now())))).getModifiedCount() > 0);
    }

    private List<String> assignedRoleNames(DatabaseHandles db, String userId) {
        List<String> names = new ArrayList<>();
        for (Document d : db.userRoles().find(ctx.filter(Filters.eq(Fields.USER_ID, userId)))
                .projection(Projections.include(Fields.ROLE_NAME))) {
            names.add(d.getString(Fields.ROLE_NAME));
        }
        return names;
    }

    private void requireRolesExist(List<String> names, String what) {
        if (names.isEmpty()) {
            return;
        }
        Set<String> found = new HashSet<>();
        ctx.call("check roles", db -> {
            for (Document d : db.roles().find(ctx.filter(Filters.in(Fields.NAME, names)))
                    .projection(Projections.include(Fields.NAME))) {
                found.add(d.getString(Fields.NAME));
            }
            return null;
        });
        for (String n : names) {
            if (!found.contains(n)) {
                throw new InvalidInputException(what + " " + Text.quote(n) + " does not exist in tenant "
                        + Text.quote(ctx.slug()));
            }
        }
    }

    /** Refuses parents from which {@code name} is reachable (they would close a cycle). */
    private void rejectCycle(String name, List<String> parents) {
        if (parents.contains(name)) {
            throw new InvalidInputException("role " + Text.quote(name) + " cannot inherit from itself");
        }
        Map<String, List<String>> graph = new HashMap<>();
        ctx.call("check role inheritance", db -> {
            for (Document d : db.roles().find(ctx.filter())
                    .projection(Projections.include(Fields.NAME, Fields.INHERITS_FROM))) {
                graph.put(d.getString(Fields.NAME), strings(d, Fields.INHERITS_FROM));
            }
            return null;
        });
        graph.put(name, parents);
        Deque<String> path = new ArrayDeque<>();
        Set<String> done = new HashSet<>();
        for (String p : parents) {
            path.clear();
            path.push(name);
            if (reaches(graph, p, name, path, done)) {
                List<String> cycle = new ArrayList<>(path);
                Collections.reverse(cycle);
                throw new InvalidInputException("role inheritance cycle in tenant " + Text.quote(ctx.slug()) + ": "
                        + String.join(" -> ", cycle));
            }
        }
    }

    private static boolean reaches(Map<String, List<String>> graph, String from, String target, Deque<String> path,
                                   Set<String> done) {
        path.push(from);
        if (from.equals(target)) {
            return true;
        }
        if (done.add(from)) {
            for (String next : graph.getOrDefault(from, List.of())) {
                if (reaches(graph, next, target, path, done)) {
                    return true;
                }
            }
        }
        path.pop();
        return false;
    }

    private Bson byName(String name) {
        return ctx.filter(Filters.eq(Fields.NAME, name));
    }

    private NotFoundException notFound(String name) {
        return new NotFoundException("no role " + Text.quote(name) + " in tenant " + Text.quote(ctx.slug()));
    }

    private static String validName(String name) {
        return InputRules.roleName(name);
    }

    private static List<String> validParents(Collection<String> parents) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String p : parents) {
            out.add(validName(p));
        }
        return new ArrayList<>(out);
    }

    private static List<String> validPermissions(Collection<String> permissions) {
        TreeSet<String> out = new TreeSet<>();
        for (String p : permissions) {
            out.add(InputRules.permission(p));
        }
        return new ArrayList<>(out);
    }

    private static List<Role> toRoles(List<Document> docs) {
        List<Role> out = new ArrayList<>(docs.size());
        for (Document d : docs) {
            out.add(toRole(d));
        }
        return List.copyOf(out);
    }

    private static Role toRole(Document d) {
        return new Role(d.getString(ID), d.getString(Fields.NAME), d.getString(Fields.DESCRIPTION),
                Set.copyOf(strings(d, Fields.PERMISSIONS)), strings(d, Fields.INHERITS_FROM),
                Boolean.TRUE.equals(d.getBoolean(Fields.SYSTEM)), instant(d, Fields.CREATED_AT),
                instant(d, Fields.UPDATED_AT));
    }
}

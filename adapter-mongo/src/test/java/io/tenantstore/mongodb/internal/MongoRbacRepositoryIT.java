package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.tenantstore.ConflictException;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.NotFoundException;
import io.tenantstore.model.NewRole;
import io.tenantstore.model.Role;
import io.tenantstore.model.RoleUpdate;
import io.tenantstore.repository.RbacRepository;
import io.tenantstore.spi.TenantRepositories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(value = Isolation.class, names = {"DATABASE", "SHARED"})
class MongoRbacRepositoryIT {
    @Parameter
    Isolation isolation;

    private TestTenants tenants;
    private RbacRepository rbac;
    private String u1;
    private String u2;

    @BeforeEach
    void bind() {
        tenants = new TestTenants(isolation);
        TenantRepositories repos = tenants.bind("rbac");
        rbac = repos.rbac();
        u1 = TestTenants.newUser(repos);
        u2 = TestTenants.newUser(repos);
    }

    @AfterEach
    void close() {
        tenants.close();
    }

    private Role role(String name, Set<String> permissions, String... parents) {
        return rbac.createRole(new NewRole(name, name + " role", permissions, List.of(parents), false));
    }

    @Test
    void createAndGetARole() {
        Role r = rbac.createRole(new NewRole("admin", "Administrators", Set.of("users:write", "users:read"),
                List.of(), true));

        assertThat(r.id()).hasSize(36);
        assertThat(r.name()).isEqualTo("admin");
        assertThat(r.description()).isEqualTo("Administrators");
        assertThat(r.permissions()).containsExactlyInAnyOrder("users:read", "users:write");
        assertThat(r.inheritsFrom()).isEmpty();
        assertThat(r.system()).isTrue();
        assertThat(rbac.getRole("admin")).contains(r);
        assertThat(rbac.getRole(TestTenants.UNKNOWN_USER)).isEmpty();
    }

    @Test
    void roleNamesAreUniqueAndValidated() {
        role("admin", Set.of());

        assertThatThrownBy(() -> role("admin", Set.of())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("'admin'");
        assertThatThrownBy(() -> role("bad name", Set.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'bad name'");
        assertThatThrownBy(() -> role("", Set.of())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> role("x".repeat(129), Set.of())).isInstanceOf(InvalidInputException.class);
        assertThat(role("ns:role.v1_x-y", Set.of()).name()).isEqualTo("ns:role.v1_x-y");
    }

    @Test
    void parentsMustExist() {
        assertThatThrownBy(() -> role("child", Set.of(), "ghost")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'ghost'");
        assertThat(rbac.getRole("child")).isEmpty();
    }

    @Test
    void listRolesOrdersByName() {
        role("viewer", Set.of());
        role("admin", Set.of());
        role("editor", Set.of());

        assertThat(rbac.listRoles()).extracting(Role::name).containsExactly("admin", "editor", "viewer");
    }

    @Test
    void updateReplacesTheGivenFieldsOnly() {
        Role base = role("base", Set.of("a"));
        role("other", Set.of("b"));
        tenants.clock.advance(Duration.ofMinutes(1));

        Role updated = rbac.updateRole("base", new RoleUpdate("new text", null, null));
        assertThat(updated.description()).isEqualTo("new text");
        assertThat(updated.permissions()).containsExactly("a");
        assertThat(updated.updatedAt()).isAfter(base.updatedAt());

        Role replaced = rbac.updateRole("base", new RoleUpdate(null, Set.of("x", "y"), List.of("other")));
        assertThat(replaced.description()).isEqualTo("new text");
        assertThat(replaced.permissions()).containsExactlyInAnyOrder("x", "y");
        assertThat(replaced.inheritsFrom()).containsExactly("other");
        assertThatThrownBy(() -> rbac.updateRole("ghost", new RoleUpdate("d", null, null)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> rbac.updateRole("ghost", new RoleUpdate(null, null, List.of())))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void inheritanceCyclesAreRejected() {
        role("a", Set.of());
        role("b", Set.of(), "a");
        role("c", Set.of(), "b");

        assertThatThrownBy(() -> rbac.updateRole("a", new RoleUpdate(null, null, List.of("c"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cycle")
                .hasMessageContaining("a -> c -> b -> a");
        assertThatThrownBy(() -> rbac.updateRole("a", new RoleUpdate(null, null, List.of("a"))))
                .isInstanceOf(InvalidInputException.class);
        assertThat(rbac.getRole("a").orElseThrow().inheritsFrom()).isEmpty();
        assertThat(rbac.updateRole("c", new RoleUpdate(null, null, List.of("a", "b"))).inheritsFrom())
                .containsExactly("a", "b");
    }

    @Test
    void systemRolesCannotBeDeleted() {
        rbac.createRole(new NewRole("owner", "", Set.of(), List.of(), true));

        assertThatThrownBy(() -> rbac.deleteRole("owner")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("system");
        assertThat(rbac.getRole("owner")).isPresent();
    }

    @Test
    void deletingARoleRemovesItsAssignmentsAndItsPlaceAsAParent() {
        role("parent", Set.of("p"));
        role("child", Set.of("c"), "parent");
        rbac.assignRole(u1, "parent");
        rbac.assignRole(u2, "child");

        assertThat(rbac.deleteRole("parent")).isTrue();

        assertThat(rbac.getRole("parent")).isEmpty();
        assertThat(rbac.userRoles(u1)).isEmpty();
        assertThat(rbac.getRole("child").orElseThrow().inheritsFrom()).isEmpty();
        assertThat(rbac.userPermissions(u2)).containsExactly("c");
        assertThat(rbac.deleteRole("parent")).isFalse();
    }

    @Test
    void assignmentsListDirectRolesByName() {
        role("viewer", Set.of());
        role("editor", Set.of());

        rbac.assignRole(u1, "viewer");
        rbac.assignRole(u1, "editor");
        rbac.assignRole(u1, "editor");

        assertThat(rbac.userRoles(u1)).extracting(Role::name).containsExactly("editor", "viewer");
        assertThat(rbac.removeRole(u1, "viewer")).isTrue();
        assertThat(rbac.removeRole(u1, "viewer")).isFalse();
        assertThat(rbac.userRoles(u1)).extracting(Role::name).containsExactly("editor");
        assertThat(rbac.userRoles(TestTenants.UNKNOWN_USER)).isEmpty();
        assertThatThrownBy(() -> rbac.assignRole(u1, "ghost")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("'ghost'");
        assertThatThrownBy(() -> rbac.assignRole(TestTenants.UNKNOWN_USER, "viewer"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void userPermissionsResolveInheritanceTransitively() {
        role("reader", Set.of("docs:read"));
        role("writer", Set.of("docs:write"), "reader");
        role("admin", Set.of("users:manage"), "writer");
        role("auditor", Set.of("logs:read"), "reader");
        rbac.assignRole(u1, "admin");
        rbac.assignRole(u1, "auditor");

        assertThat(rbac.userPermissions(u1))
                .containsExactlyInAnyOrder("docs:read", "docs:write", "users:manage", "logs:read");
        assertThat(rbac.userPermissions(TestTenants.UNKNOWN_USER)).isEmpty();
    }

    @Test
    void permissionsCanBeAddedAndRemoved() {
        role("editor", Set.of("a"));

        rbac.addPermission("editor", "b");
        rbac.addPermission("editor", "b");
        assertThat(rbac.getRole("editor").orElseThrow().permissions()).containsExactlyInAnyOrder("a", "b");
        assertThat(rbac.removePermission("editor", "a")).isTrue();
        assertThat(rbac.removePermission("editor", "a")).isFalse();
        assertThat(rbac.removePermission("ghost", "a")).isFalse();
        assertThat(rbac.getRole("editor").orElseThrow().permissions()).containsExactly("b");
        assertThatThrownBy(() -> rbac.addPermission("ghost", "x")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> rbac.addPermission("editor", " ")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> rbac.addPermission("editor", "has space")).isInstanceOf(InvalidInputException.class);
    }
}

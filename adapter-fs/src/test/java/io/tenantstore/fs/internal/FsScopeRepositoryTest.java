package io.tenantstore.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.ConflictException;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Scope;
import io.tenantstore.repository.ScopeRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsScopeRepositoryTest {
    @TempDir
    Path tmp;

    private Path root;
    private FsControlPlane plane;
    private ScopeRepository scopes;

    @BeforeEach
    void open() {
        root = tmp.resolve("data");
        plane = Fixtures.writer(root, new FakeClock(Fixtures.T0));
        plane.tenants().create(NewTenant.of("acme", "Acme"));
        scopes = plane.scopes("acme");
    }

    private Path scopesFile() {
        return root.resolve("tenants/acme/scopes.yaml");
    }

    @Test
    void newTenantHasTheFourSystemScopes() {
        assertThat(scopes.list()).extracting(Scope::name).containsExactly("email", "offline_access", "openid", "profile");
        assertThat(scopes.list()).allMatch(Scope::system);
        assertThat(scopes.getByName("openid")).contains(new Scope("openid", "Sign in", true));
    }

    @Test
    void roundTrips() {
        Scope billing = scopes.create(new Scope("billing:read", "Read billing", false));
        Scope api = scopes.create(new Scope("https://api.acme.io/orders", "", false));
        FsControlPlane other = Fixtures.writer(root, new FakeClock(Fixtures.T0));
        assertThat(other.scopes("acme").getByName("billing:read")).contains(billing);
        assertThat(other.scopes("acme").getByName("https://api.acme.io/orders")).contains(api);
        assertThat(other.scopes("acme").list()).hasSize(6);
        Scope updated = scopes.update(new Scope("billing:read", "Read invoices", false));
        assertThat(other.scopes("acme").getByName("billing:read")).contains(updated);
        Scope upserted = scopes.upsert(new Scope("new", "Created by upsert", false));
        assertThat(scopes.getByName("new")).contains(upserted);
        scopes.upsert(new Scope("new", "Replaced", false));
        assertThat(scopes.getByName("new").orElseThrow().description()).isEqualTo("Replaced");
        assertThat(scopes.upsert(new Scope("openid", "Log in", true)).description()).isEqualTo("Log in");
    }

    @Test
    void duplicateIsAConflictAndUpdateOfAMissingScopeIsNotFound() {
        assertThatThrownBy(() -> scopes.create(new Scope("openid", "again", true))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> scopes.update(new Scope("nope", "x", false))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void systemScopesCannotBeDeletedNorLoseTheirFlag() throws IOException {
        String before = Files.readString(scopesFile());
        for (String name : Scope.SYSTEM_SCOPES) {
            assertThatThrownBy(() -> scopes.delete(name)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("scope '" + name + "' is a system scope and cannot be deleted");
            assertThatThrownBy(() -> scopes.update(new Scope(name, "x", false))).isInstanceOf(InvalidInputException.class)
                    .hasMessage("scope '" + name + "' is a system scope and must stay one");
            assertThatThrownBy(() -> scopes.upsert(new Scope(name, "x", false))).isInstanceOf(InvalidInputException.class);
        }
        assertThat(Files.readString(scopesFile())).isEqualTo(before);
    }

    @Test
    void deleteOrdinaryScope() {
        scopes.create(new Scope("billing", "Billing", false));
        assertThat(scopes.delete("billing")).isTrue();
        assertThat(scopes.delete("billing")).isFalse();
        assertThat(scopes.delete("bad name!")).isFalse();
        assertThat(scopes.getByName("billing")).isEmpty();
    }

    @Test
    void invalidNamesAndDescriptionsWriteNothing() throws IOException {
        String before = Files.readString(scopesFile());
        assertThatThrownBy(() -> scopes.create(new Scope("has space", "", false))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> scopes.create(new Scope("", "", false))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> scopes.create(new Scope("x".repeat(129), "", false))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> scopes.create(new Scope("ok", "bad\u0000desc", false))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> scopes.create(new Scope("ok", "x".repeat(1001), false))).isInstanceOf(InvalidInputException.class);
        assertThat(Files.readString(scopesFile())).isEqualTo(before);
    }

    @Test
    void malformedScopesFileNamesFileLineAndKey() throws IOException {
        Files.writeString(scopesFile(), "scopes:\n  - { name: openid, descripton: typo }\n");
        assertThatThrownBy(() -> scopes.list()).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("tenants/acme/scopes.yaml:2: unknown key 'scopes[0].descripton'");
        Files.writeString(scopesFile(), "scopes:\n  - name: a\n  - name: a\n");
        assertThatThrownBy(() -> scopes.list()).isInstanceOf(InvalidInputException.class)
                .hasMessage("tenants/acme/scopes.yaml:3: duplicate scope 'a' (first at line 2)");
        Files.writeString(scopesFile(), "scopes:\n  - name: a\n    system: maybe\n");
        assertThatThrownBy(() -> scopes.list()).isInstanceOf(InvalidInputException.class)
                .hasMessage("tenants/acme/scopes.yaml:3: scopes[0].system: expected true or false, found 'maybe'");
    }
}

package io.tenantstore.fs.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tenantstore.ConflictException;
import io.tenantstore.core.yaml.EnvSecretResolver;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Tenant;
import io.tenantstore.testkit.conformance.FakeClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DbControlPlaneTest {
    private final FakeClock clock = new FakeClock(Fixtures.T0);
    private final InMemoryControlPlaneStore db = new InMemoryControlPlaneStore();

    private DbControlPlane open(boolean writer) {
        return new DbControlPlane(db, writer, clock, new EnvSecretResolver(Fixtures.ENV::get),
                new ClientSecretHasher(Fixtures.TEST_ITERATIONS), false);
    }

    @Test
    void thePollTellsTheListenersOfEveryTenantAnotherInstanceWroteOnceEach() {
        DbControlPlane mine = open(true);
        DbControlPlane other = open(true);
        List<String> heard = new CopyOnWriteArrayList<>();
        mine.addChangeListener(heard::add);
        other.tenants().create(NewTenant.of("acme", "Acme"));
        other.tenants().create(NewTenant.of("beta", "Beta"));
        other.tenants().updateSettings("acme", s -> s);
        // no notification arrived (none is pushed here): the poll alone finds them
        mine.refresh();
        assertThat(heard).containsExactly("acme", "beta");
        heard.clear();
        mine.refresh();
        assertThat(heard).isEmpty();
    }

    @Test
    void anAdministratorAddedWhileItsTenantIsDeletedDoesNotOutliveIt() {
        DbControlPlane mine = open(true);
        DbControlPlane other = open(true);
        mine.tenants().create(NewTenant.of("acme", "Acme"));
        // the add has checked that acme exists and read the list; the delete runs before its write
        db.beforeAdminsReplace = () -> other.tenants().delete("acme");
        assertThatThrownBy(() -> mine.admins().create(
                io.tenantstore.model.NewAdmin.withPassword("root", "acme", java.util.Set.of("owner"), "h$hash")))
                .isInstanceOf(io.tenantstore.TenantNotFoundException.class);
        assertThat(mine.admins().list()).isEmpty();
        // a new tenant of the slug starts without the old one's administrators
        mine.tenants().create(NewTenant.of("acme", "Acme again"));
        assertThat(mine.admins().listForTenant("acme")).isEmpty();
    }

    @Test
    void deletingATenantLeavesADocumentThatNeverHeldAdministratorsBlank() {
        DbControlPlane plane = open(true);
        plane.tenants().create(NewTenant.of("acme", "Acme"));
        long before = db.admins().revision();
        plane.tenants().delete("acme");
        // the sweep after the delete moved the revision (racing adds retry) but wrote no list
        assertThat(db.admins().text()).isEmpty();
        assertThat(db.admins().revision()).isGreaterThan(before);
    }

    @Test
    void aNewTenantNeverInheritsAdministratorsBoundToItsSlug() {
        DbControlPlane plane = open(true);
        // an administrator of a slug with no tenant (an import that kept it, a hand edit)
        db.putAdmins(new io.tenantstore.spi.ControlPlaneStore.Document(1, AdminsYaml.render(List.of(
                new AdminsYaml.Stored(new io.tenantstore.model.Admin("00000000-0000-0000-0000-00000000a001", "bob",
                        "acme", java.util.Set.of("admin"), true, null, null, 1, Fixtures.T0, Fixtures.T0), "h$bob")))));
        assertThat(plane.admins().list()).hasSize(1);
        plane.tenants().create(NewTenant.of("acme", "Acme"));
        assertThat(plane.admins().listForTenant("acme")).isEmpty();
        // and a slug that exists is refused before anything is removed
        plane.admins().create(io.tenantstore.model.NewAdmin.withPassword("ana", "acme", java.util.Set.of("admin"), "h$a"));
        assertThatThrownBy(() -> plane.tenants().create(NewTenant.of("acme", "Again")))
                .isInstanceOf(io.tenantstore.ConflictException.class);
        assertThat(plane.admins().listForTenant("acme")).extracting(io.tenantstore.model.Admin::username)
                .containsExactly("ana");
    }

    @Test
    void aWriteWhoseLogEntryCommitsLateIsStillReported() {
        DbControlPlane mine = open(true);
        List<String> heard = new CopyOnWriteArrayList<>();
        mine.addChangeListener(heard::add);
        DbControlPlane other = open(true);
        other.tenants().create(NewTenant.of("acme", "Acme"));
        mine.refresh();
        assertThat(heard).containsExactly("acme");
        // an entry below the highest one seen shows up later (a transaction that committed late)
        db.insertLate("late");
        heard.clear();
        mine.refresh();
        assertThat(heard).containsExactly("late");
    }

    @Test
    void aDamagedTenantDocumentIsLeftOutOfTheListingNamedAndReportedByTheHealthCheck() {
        DbControlPlane plane = open(true);
        plane.tenants().create(NewTenant.of("acme", "Acme"));
        plane.tenants().create(NewTenant.of("beta", "Beta"));
        var beta = db.read("beta").orElseThrow();
        db.put(new io.tenantstore.spi.ControlPlaneStore.TenantDocuments(beta.slug(), beta.id(),
                new io.tenantstore.spi.ControlPlaneStore.Document(beta.tenant().revision(), "name: [\n"),
                beta.clients(), beta.scopes(), beta.branding(), beta.signingKeys()));

        assertThat(plane.tenants().list()).extracting(Tenant::slug).containsExactly("acme");
        assertThat(plane.tenants().unreadable()).containsOnlyKeys("beta");
        assertThat(plane.health().healthy()).isFalse();
        assertThat(plane.health().detail()).startsWith("unreadable tenant documents, skipped: beta: ");

        // repaired: the health check sees it without a new listing
        db.put(beta);
        assertThat(plane.health().healthy()).isTrue();
        assertThat(plane.tenants().unreadable()).isEmpty();

        db.put(new io.tenantstore.spi.ControlPlaneStore.TenantDocuments(beta.slug(), beta.id(),
                new io.tenantstore.spi.ControlPlaneStore.Document(beta.tenant().revision(), "name: [\n"),
                beta.clients(), beta.scopes(), beta.branding(), beta.signingKeys()));
        assertThat(plane.tenants().list()).extracting(Tenant::slug).containsExactly("acme");
        plane.tenants().delete("beta");
        assertThat(plane.tenants().unreadable()).as("removed").isEmpty();
        assertThat(plane.health().healthy()).isTrue();
    }

    @Test
    void deletingATenantRemovesItsAdministrators() {
        DbControlPlane plane = open(true);
        plane.tenants().create(NewTenant.of("acme", "Acme"));
        plane.admins().create(io.tenantstore.model.NewAdmin.external("ana@acme.io", "acme", java.util.Set.of("editor"),
                "google", "sub-1"));
        plane.admins().create(io.tenantstore.model.NewAdmin.external("root@ops.io", null, java.util.Set.of("owner"),
                "google", "sub-3"));
        assertThat(plane.tenants().delete("acme")).isTrue();
        assertThat(plane.admins().list()).extracting(io.tenantstore.model.Admin::username).containsExactly("root@ops.io");
        plane.tenants().create(NewTenant.of("acme", "Acme again"));
        assertThat(plane.admins().listForTenant("acme")).isEmpty();
    }

    @Test
    void aDatabaseThatFailsWhileListingIsAnErrorNotADamagedTenant() {
        DbControlPlane plane = open(true);
        plane.tenants().create(NewTenant.of("acme", "Acme"));
        db.readsDown = true;
        assertThatThrownBy(() -> plane.tenants().list()).isInstanceOf(io.tenantstore.UnavailableException.class);
        db.readsDown = false;
        assertThat(plane.tenants().unreadable()).isEmpty();
        assertThat(plane.tenants().list()).extracting(Tenant::slug).containsExactly("acme");
    }

    @Test
    void aStaleUpdateIsAConflictAndTheWinnerIsKept() {
        DbControlPlane a = open(true);
        DbControlPlane b = open(true);
        Tenant t = a.tenants().create(NewTenant.of("acme", "Acme"));
        a.tenants().update(new Tenant(t.id(), t.slug(), "A", t.displayName(), t.settings(), t.database(), 1,
                t.createdAt(), t.updatedAt()));
        assertThatThrownBy(() -> b.tenants().update(new Tenant(t.id(), t.slug(), "B", t.displayName(), t.settings(),
                t.database(), 1, t.createdAt(), t.updatedAt()))).isInstanceOf(ConflictException.class);
        assertThat(db.read("acme").orElseThrow().tenant().revision()).isEqualTo(2);
        assertThat(b.tenants().getBySlug("acme").orElseThrow().name()).isEqualTo("A");
    }
}

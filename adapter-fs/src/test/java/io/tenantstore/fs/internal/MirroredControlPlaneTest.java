package io.tenantstore.fs.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Scope;
import io.tenantstore.testkit.conformance.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MirroredControlPlaneTest {
    @TempDir
    Path root;
    private final FakeClock clock = new FakeClock(Fixtures.T0);
    private final InMemoryControlPlaneStore db = new InMemoryControlPlaneStore();

    private MirroredControlPlane open() {
        return new MirroredControlPlane(Fixtures.writer(root, clock), db, root, true);
    }

    private String file(String slug, String name) throws Exception {
        return Files.readString(root.resolve("tenants").resolve(slug).resolve(name));
    }

    @Test
    void everyWriteGoesToTheFilesAndToTheDatabaseInTheSameCall() throws Exception {
        MirroredControlPlane cp = open();
        cp.tenants().create(NewTenant.of("acme", "Acme"));
        assertThat(db.read("acme").orElseThrow().tenant().text()).isEqualTo(file("acme", "tenant.yaml"));
        cp.scopes("acme").create(new Scope("billing", "Billing", false));
        assertThat(db.read("acme").orElseThrow().scopes().text()).isEqualTo(file("acme", "scopes.yaml"));
        cp.tenants().delete("acme");
        assertThat(db.slugs()).isEmpty();
    }

    @Test
    void aWriteThatReachedOnlyTheFilesIsRepairedOnTheNextRound() throws Exception {
        MirroredControlPlane cp = open();
        db.down = true;
        cp.tenants().create(NewTenant.of("acme", "Acme"));
        assertThat(cp.pendingCopies()).containsExactly("acme");
        assertThat(cp.health().healthy()).isFalse();
        db.down = false;
        cp.refresh();
        assertThat(cp.pendingCopies()).isEmpty();
        assertThat(db.read("acme").orElseThrow().tenant().text()).isEqualTo(file("acme", "tenant.yaml"));
        assertThat(cp.health().healthy()).isTrue();
    }

    @Test
    void driftFoundAtOpenIsRepairedFromTheFiles() {
        MirroredControlPlane first = open();
        first.tenants().create(NewTenant.of("acme", "Acme"));
        first.tenants().create(NewTenant.of("beta", "Beta"));
        first.close();
        db.delete("acme");
        db.create(new io.tenantstore.spi.ControlPlaneStore.TenantDocuments("ghost", "00000000-0000-0000-0000-000000000001",
                new io.tenantstore.spi.ControlPlaneStore.Document(1, "x"),
                new io.tenantstore.spi.ControlPlaneStore.Document(1, ""),
                new io.tenantstore.spi.ControlPlaneStore.Document(1, "")));
        open();
        assertThat(db.slugs()).isEqualTo(List.of("acme", "beta"));
    }

    @Test
    void syncToFilesRebuildsTheFilesFromTheDatabaseAndADryRunWritesNothing() throws Exception {
        MirroredControlPlane cp = open();
        cp.tenants().create(NewTenant.of("acme", "Acme"));
        String tenantYaml = file("acme", "tenant.yaml");
        Path other = root.resolve("restored");
        ControlPlaneCopy.Report dry = ControlPlaneCopy.toFiles(db, other, true, line -> { });
        assertThat(dry.created()).containsExactly("acme");
        assertThat(Files.exists(other)).isFalse();
        List<String> progress = new java.util.ArrayList<>();
        ControlPlaneCopy.Report done = ControlPlaneCopy.toFiles(db, other, false, progress::add);
        assertThat(done.created()).containsExactly("acme");
        assertThat(progress).containsExactly("1/1 acme: created");
        assertThat(Files.readString(other.resolve("tenants/acme/tenant.yaml"))).isEqualTo(tenantYaml);
        assertThat(ControlPlaneCopy.toFiles(db, other, false, line -> { }).inSync()).isTrue();
        assertThat(ControlPlaneCopy.toDatabase(other, db, true, line -> { }).inSync()).isTrue();
    }
}

package io.tenantstore.fs.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.tenantstore.model.Admin;
import io.tenantstore.model.NewAdmin;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.TenantBranding;
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
    void driftFoundAtOpenIsRepairedFromTheFilesButATenantOnlyTheCopyHoldsIsLeftThere() {
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
        // acme is back; ghost, which only the copy holds, is for the operator to remove (control-plane sync)
        assertThat(db.slugs()).isEqualTo(List.of("acme", "beta", "ghost"));
    }

    @Test
    void filesWithNoTenantAtOpenLeaveTheCopyAloneAndSaySo() throws Exception {
        MirroredControlPlane first = open();
        first.tenants().create(NewTenant.of("acme", "Acme"));
        first.tenants().create(NewTenant.of("beta", "Beta"));
        first.close();
        // an empty volume mounted where the files were
        AtomicFiles.deleteTree(root.resolve("tenants"));
        Files.createDirectories(root.resolve("tenants"));
        MirroredControlPlane reopened = open();
        assertThat(db.slugs()).containsExactly("acme", "beta");
        // a tenant written there since is copied, and still nothing is removed from the copy
        reopened.tenants().create(NewTenant.of("newco", "Newco"));
        reopened.refresh();
        assertThat(db.slugs()).containsExactly("acme", "beta", "newco");
        // a tenant this process deleted itself while the database was down does go, once it is back
        db.down = true;
        reopened.tenants().delete("newco");
        db.down = false;
        for (int round = 0; round < 2 && db.slugs().contains("newco"); round++) {
            reopened.refresh();
        }
        assertThat(db.slugs()).containsExactly("acme", "beta");
    }

    @Test
    void filesThatVanishWhileRunningNeverTakeTheCopyWithThem() throws Exception {
        MirroredControlPlane cp = open();
        cp.tenants().create(NewTenant.of("acme", "Acme"));
        cp.tenants().create(NewTenant.of("beta", "Beta"));
        // beta's directory becomes a link to where it now lives: the store still reads it, so does the copy
        Path moved = root.resolve("elsewhere/beta");
        Files.createDirectories(moved.getParent());
        Files.move(root.resolve("tenants/beta"), moved);
        Files.createSymbolicLink(root.resolve("tenants/beta"), moved);
        for (int round = 0; round < 25; round++) {
            cp.refresh();
        }
        assertThat(db.slugs()).containsExactly("acme", "beta");
        assertThat(cp.health().healthy()).isTrue();
        // an empty volume swapped in under the running store
        AtomicFiles.deleteTree(root.resolve("tenants"));
        Files.createDirectories(root.resolve("tenants"));
        for (int round = 0; round < 25; round++) {
            cp.refresh();
        }
        assertThat(db.slugs()).containsExactly("acme", "beta");
    }

    @Test
    void syncToFilesRebuildsTheFilesFromTheDatabaseAndADryRunWritesNothing() throws Exception {
        MirroredControlPlane cp = open();
        cp.tenants().create(NewTenant.of("acme", "Acme"));
        String tenantYaml = file("acme", "tenant.yaml");
        Path other = root.resolve("restored");
        ControlPlaneCopy.Report dry = ControlPlaneCopy.toFiles(db, other, true, false, line -> { });
        assertThat(dry.created()).containsExactly("acme");
        assertThat(Files.exists(other)).isFalse();
        List<String> progress = new java.util.ArrayList<>();
        ControlPlaneCopy.Report done = ControlPlaneCopy.toFiles(db, other, false, false, progress::add);
        assertThat(done.created()).containsExactly("acme");
        assertThat(progress).containsExactly("1/1 acme: created");
        assertThat(Files.readString(other.resolve("tenants/acme/tenant.yaml"))).isEqualTo(tenantYaml);
        assertThat(ControlPlaneCopy.toFiles(db, other, false, false, line -> { }).inSync()).isTrue();
        assertThat(ControlPlaneCopy.toDatabase(other, db, true, false, line -> { }).inSync()).isTrue();
    }

    @Test
    void administratorsAndBrandingAreCopiedToTheDatabaseInTheSameCall() throws Exception {
        MirroredControlPlane cp = open();
        cp.tenants().create(NewTenant.of("acme", "Acme"));
        cp.admins().create(NewAdmin.withPassword("root", null, Set.of("owner"), "h$hash-of-root"));
        assertThat(db.admins().text()).isEqualTo(Files.readString(root.resolve(AdminFiles.FILE)))
                .contains("h$hash-of-root");
        cp.branding().set("acme", new TenantBranding("https://cdn.example/logo.png", "#123456", null, "Acme",
                null, null));
        assertThat(db.read("acme").orElseThrow().branding().text()).isEqualTo(file("acme", BrandingFiles.FILE))
                .contains("#123456");
        cp.admins().delete("root");
        assertThat(db.admins().text()).isEqualTo(Files.readString(root.resolve(AdminFiles.FILE)))
                .doesNotContain("root");
    }

    @Test
    void anAdministratorWriteThatReachedOnlyTheFilesIsRepairedOnTheNextRound() throws Exception {
        MirroredControlPlane cp = open();
        db.down = true;
        cp.admins().create(NewAdmin.external("ana", null, Set.of("viewer"), "google", "sub-1"));
        assertThat(cp.health().healthy()).isFalse();
        db.down = false;
        cp.refresh();
        assertThat(db.admins().text()).isEqualTo(Files.readString(root.resolve(AdminFiles.FILE)));
        assertThat(cp.health().healthy()).isTrue();
    }

    @Test
    void syncAndExportCarryAdministratorsAndBrandingBothWays() throws Exception {
        MirroredControlPlane cp = open();
        cp.tenants().create(NewTenant.of("acme", "Acme"));
        cp.admins().create(NewAdmin.withPassword("root", "acme", Set.of("owner"), "h$hash-of-root"));
        cp.branding().set("acme", new TenantBranding(null, "#abc", null, null, "help@acme.example", null));
        Path other = root.resolve("restored");
        List<String> progress = new java.util.ArrayList<>();
        ControlPlaneCopy.Report done = ControlPlaneCopy.toFiles(db, other, false, false, progress::add);
        assertThat(done.created()).containsExactly("acme", AdminFiles.FILE);
        assertThat(progress).containsExactly("1/1 acme: created", "admins.yaml: created");
        assertThat(Files.readString(other.resolve(AdminFiles.FILE))).isEqualTo(Files.readString(root.resolve(AdminFiles.FILE)));
        assertThat(Files.readString(other.resolve("tenants/acme/branding.yaml"))).isEqualTo(file("acme", "branding.yaml"));
        // a store on the restored files answers the same
        FsControlPlane restored = Fixtures.writer(other, clock);
        assertThat(restored.admins().listForTenant("acme")).extracting(Admin::username).containsExactly("root");
        assertThat(restored.branding().get("acme").supportEmail()).isEqualTo("help@acme.example");
        // the database behind: the administrators and branding are put back from the files
        db.putAdmins(new io.tenantstore.spi.ControlPlaneStore.Document(db.admins().revision() + 1, ""));
        db.replace("acme", io.tenantstore.spi.ControlPlaneStore.Kind.BRANDING,
                db.read("acme").orElseThrow().branding().revision(),
                new io.tenantstore.spi.ControlPlaneStore.Document(99, ""));
        ControlPlaneCopy.Report dry = ControlPlaneCopy.toDatabase(root, db, true, false, line -> { });
        assertThat(dry.created()).containsExactly(AdminFiles.FILE);
        assertThat(dry.updated()).containsExactly("acme");
        assertThat(db.admins().text()).isEmpty();
        ControlPlaneCopy.toDatabase(root, db, false, false, line -> { });
        assertThat(db.admins().text()).isEqualTo(Files.readString(root.resolve(AdminFiles.FILE)));
        assertThat(db.read("acme").orElseThrow().branding().text()).isEqualTo(file("acme", "branding.yaml"));
        assertThat(ControlPlaneCopy.toDatabase(root, db, false, false, line -> { }).inSync()).isTrue();
    }

    @Test
    void signingKeysAreCopiedToTheDatabaseInTheSameCallAndBackBySync() throws Exception {
        io.tenantstore.core.secret.Keyring keyring = io.tenantstore.core.secret.Keyring.generate();
        FsControlPlane files = new FsControlPlane(new io.tenantstore.spi.ControlPlaneConfig(root, true, clock),
                new io.tenantstore.core.yaml.KeyringSecretResolver(keyring,
                        new io.tenantstore.core.yaml.EnvSecretResolver(Fixtures.ENV::get)),
                new ClientSecretHasher(Fixtures.TEST_ITERATIONS), FsHooks.NONE);
        MirroredControlPlane cp = new MirroredControlPlane(files, db, root, true);
        cp.tenants().create(NewTenant.of("acme", "Acme"));
        assertThat(db.read("acme").orElseThrow().signingKeys().text()).isEmpty();
        var first = cp.signingKeys().generate("acme", io.tenantstore.model.SigningKeyAlgorithm.EDDSA);
        assertThat(db.read("acme").orElseThrow().signingKeys().text()).isEqualTo(file("acme", "keys.yaml"))
                .contains(first.kid(), "private: enc:");
        cp.signingKeys().rotate("acme", io.tenantstore.model.SigningKeyAlgorithm.ES256, java.time.Duration.ofHours(1));
        assertThat(db.read("acme").orElseThrow().signingKeys().text()).isEqualTo(file("acme", "keys.yaml"));
        // sync to files: keys.yaml comes back byte for byte, and the restored files sign and verify
        Path other = root.resolve("restored");
        ControlPlaneCopy.toFiles(db, other, false, false, line -> { });
        assertThat(Files.readString(other.resolve("tenants/acme/keys.yaml"))).isEqualTo(file("acme", "keys.yaml"));
        var restored = io.tenantstore.fs.FsSigningKeys.open(other, keyring, clock);
        byte[] data = {4, 2};
        var sig = restored.sign("acme", data);
        assertThat(cp.signingKeys().verify("acme", sig.kid(), data, sig.signature())).isTrue();
        // the database behind: the keys are put back from the files
        db.replace("acme", io.tenantstore.spi.ControlPlaneStore.Kind.SIGNING_KEYS,
                db.read("acme").orElseThrow().signingKeys().revision(),
                new io.tenantstore.spi.ControlPlaneStore.Document(99, ""));
        ControlPlaneCopy.Report dry = ControlPlaneCopy.toDatabase(root, db, true, false, line -> { });
        assertThat(dry.updated()).containsExactly("acme");
        ControlPlaneCopy.toDatabase(root, db, false, false, line -> { });
        assertThat(db.read("acme").orElseThrow().signingKeys().text()).isEqualTo(file("acme", "keys.yaml"));
        assertThat(ControlPlaneCopy.toDatabase(root, db, false, false, line -> { }).inSync()).isTrue();
    }
}

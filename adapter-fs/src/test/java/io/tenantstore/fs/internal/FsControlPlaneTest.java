package io.tenantstore.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.ErrorCode;
import io.tenantstore.HealthReport;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotLeaderException;
import io.tenantstore.Secret;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import io.tenantstore.model.Client;
import io.tenantstore.model.ClientType;
import io.tenantstore.model.NewClient;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Scope;
import io.tenantstore.model.Tenant;
import io.tenantstore.spi.ControlPlaneConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsControlPlaneTest {
    @TempDir
    Path tmp;

    private Path root;
    private FakeClock clock;
    private FsControlPlane writer;
    private Tenant acme;

    @BeforeEach
    void open() {
        root = tmp.resolve("data");
        clock = new FakeClock(Fixtures.T0);
        writer = Fixtures.writer(root, clock);
        acme = writer.tenants().create(NewTenant.of("acme", "Acme"));
        writer.clients("acme").create(new NewClient("web", "Web", ClientType.CONFIDENTIAL, List.of(), List.of(),
                List.of(), List.of(), Secret.of("secret-value")));
    }

    @Test
    void aVanishedTenantsDirectoryIsAnErrorNotEveryTenantDeleted() throws Exception {
        FsControlPlane reader = Fixtures.open(root, false, clock, FsHooks.NONE);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        reader.addChangeListener(seen::add);
        Path tenants = root.resolve("tenants");
        Path aside = root.resolve("tenants-unmounted");
        java.nio.file.Files.move(tenants, aside);

        org.assertj.core.api.Assertions.assertThatThrownBy(reader::refresh)
                .isInstanceOf(io.tenantstore.StoreException.class).hasMessageContaining("is missing");
        assertThat(seen).as("no tenant reported deleted").isEmpty();
        assertThat(reader.health().healthy()).isFalse();
        assertThat(reader.health().detail()).contains("missing");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.tenants().list())
                .isInstanceOf(io.tenantstore.StoreException.class).hasMessageContaining("is missing");

        java.nio.file.Files.move(aside, tenants); // the mount is back
        reader.refresh();
        assertThat(seen).isEmpty();
        assertThat(reader.health().healthy()).isTrue();
        assertThat(reader.tenants().list()).extracting(Tenant::slug).containsExactly("acme");
    }

    @Test
    void oneCorruptTenantFileIsReportedAndSkippedAndTheOthersKeepWorking() throws Exception {
        Tenant globex = writer.tenants().create(NewTenant.of("globex", "Globex"));
        writer.tenants().create(NewTenant.of("initech", "Initech"));
        java.nio.file.Files.writeString(root.resolve("tenants/globex/tenant.yaml"), "id: [unclosed\nname: x\n");
        FsControlPlane reader = Fixtures.open(root, false, clock, FsHooks.NONE);

        assertThat(reader.tenants().list()).extracting(Tenant::slug).containsExactly("acme", "initech");
        assertThat(reader.tenants().getById(acme.id())).isPresent();
        assertThat(reader.tenants().getById(globex.id())).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.tenants().getBySlug("globex"))
                .isInstanceOf(io.tenantstore.StoreException.class).hasMessageContaining("tenant.yaml");
        assertThat(reader.health().healthy()).isFalse();
        assertThat(reader.health().detail()).contains("globex").contains("tenant.yaml:");
    }

    @Test
    void refreshReportsEveryTenantAnotherProcessCreatedChangedOrDeletedAndNothingElse() {
        FsControlPlane reader = Fixtures.open(root, false, clock, FsHooks.NONE);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        reader.addChangeListener(seen::add);
        reader.refresh();
        assertThat(seen).as("nothing changed since the reader opened").isEmpty();

        writer.tenants().create(NewTenant.of("globex", "Globex"));
        reader.refresh();
        assertThat(seen).containsExactly("globex");

        seen.clear();
        writer.tenants().update(writer.tenants().getBySlug("acme").orElseThrow().withDisplayName("ACME"));
        writer.scopes("globex").create(new io.tenantstore.model.Scope("billing", "Invoices", false));
        reader.refresh();
        assertThat(seen).containsExactlyInAnyOrder("acme", "globex");

        seen.clear();
        reader.refresh();
        assertThat(seen).as("a change is reported once").isEmpty();

        writer.tenants().delete("globex");
        reader.refresh();
        assertThat(seen).containsExactly("globex");
    }

    @Test
    void aWritersOwnWritesAreNotReportedAgainByRefresh() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        writer.addChangeListener(seen::add);
        writer.tenants().create(NewTenant.of("globex", "Globex"));
        assertThat(seen).containsExactly("globex");
        seen.clear();
        writer.refresh();
        assertThat(seen).isEmpty();
    }

    @Test
    void readerReadsButEveryWriteRaisesNotLeaderNamingTheOperation() {
        FsControlPlane reader = Fixtures.open(root, false, clock, FsHooks.NONE);
        Map<String, String> before = Fixtures.snapshot(root);
        assertThat(reader.tenants().list()).containsExactly(acme);
        assertThat(reader.clients("acme").get("web")).isPresent();
        assertThat(reader.clients("acme").verifySecret("web", "secret-value")).isTrue();
        assertThat(reader.scopes("acme").list()).hasSize(4);

        Client web = reader.clients("acme").get("web").orElseThrow();
        Map<String, Runnable> writes = Map.ofEntries(
                Map.entry("tenants.create", () -> reader.tenants().create(NewTenant.of("beta", "B"))),
                Map.entry("tenants.update", () -> reader.tenants().update(acme.withName("X"))),
                Map.entry("tenants.updateSettings", () -> reader.tenants().updateSettings("acme", s -> s)),
                Map.entry("tenants.delete", () -> reader.tenants().delete("acme")),
                Map.entry("clients.create", () -> reader.clients("acme").create(new NewClient("spa", "S",
                        ClientType.PUBLIC, List.of(), List.of(), List.of(), List.of(), null))),
                Map.entry("clients.update", () -> reader.clients("acme").update(web)),
                Map.entry("clients.setSecret", () -> reader.clients("acme").setSecret("web", Secret.of("n"))),
                Map.entry("clients.delete", () -> reader.clients("acme").delete("web")),
                Map.entry("scopes.create", () -> reader.scopes("acme").create(new Scope("b", "", false))),
                Map.entry("scopes.update", () -> reader.scopes("acme").update(new Scope("openid", "x", true))),
                Map.entry("scopes.upsert", () -> reader.scopes("acme").upsert(new Scope("b", "", false))),
                Map.entry("scopes.delete", () -> reader.scopes("acme").delete("openid")));
        writes.forEach((operation, write) -> assertThatThrownBy(write::run)
                .as(operation)
                .isInstanceOf(NotLeaderException.class)
                .hasMessageStartingWith(operation + " is a write")
                .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(ErrorCode.NOT_LEADER)));
        assertThat(Fixtures.snapshot(root)).isEqualTo(before);
    }

    @Test
    void listenersHearTheSlugAfterEachWrite() {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        writer.addChangeListener(heard::add);
        Consumer<String> failing = slug -> {
            throw new IllegalStateException("listener bug");
        };
        writer.addChangeListener(failing);

        Tenant beta = writer.tenants().create(NewTenant.of("beta", "B"));
        writer.tenants().update(beta.withName("B2"));
        writer.tenants().updateSettings("acme", s -> s);
        writer.clients("acme").create(new NewClient("spa", "S", ClientType.PUBLIC, List.of(), List.of(), List.of(),
                List.of(), null));
        writer.clients("acme").setSecret("web", Secret.of("n"));
        writer.clients("acme").delete("spa");
        writer.clients("acme").delete("spa"); // nothing changed: no call
        writer.scopes("beta").create(new Scope("billing", "", false));
        writer.scopes("beta").delete("billing");
        writer.tenants().delete("beta");
        writer.tenants().delete("beta"); // nothing changed: no call
        assertThatThrownBy(() -> writer.tenants().create(NewTenant.of("acme", "dup"))); // failed: no call

        assertThat(heard).containsExactly("beta", "beta", "acme", "acme", "acme", "acme", "beta", "beta", "beta");
    }

    @Test
    void healthOfWriterAndReader() {
        HealthReport.Check check = writer.health();
        assertThat(check.healthy()).isTrue();
        assertThat(check.name()).isEqualTo("control-plane");
        assertThat(check.detail()).contains("readable and writable");
        assertThat(Fixtures.open(root, false, clock, FsHooks.NONE).health().detail()).contains("readable (reader)");
        writer.close();
        assertThat(writer.health().healthy()).isFalse();
    }

    @Test
    void unhealthyWhenTheRootGoesAway() throws Exception {
        FsControlPlane reader = Fixtures.open(root, false, clock, FsHooks.NONE);
        AtomicFiles.deleteTree(root);
        assertThat(reader.health().healthy()).isFalse();
        assertThat(writer.health().healthy()).isFalse();
        assertThat(writer.health().detail()).contains(root.toString());
    }

    @Test
    void writerCreatesTheRootAndReaderNeedsIt() {
        Path fresh = tmp.resolve("fresh/nested");
        Fixtures.writer(fresh, clock);
        assertThat(fresh.resolve("tenants")).isDirectory();
        assertThatThrownBy(() -> Fixtures.open(tmp.resolve("absent"), false, clock, FsHooks.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is unusable");
    }

    @Test
    void writerFailsOnARootThatIsAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> Fixtures.writer(file, clock)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is unusable");
    }

    @Test
    void closedPlaneRefusesCalls() {
        writer.close();
        writer.close();
        assertThatThrownBy(() -> writer.tenants()).isInstanceOf(UnavailableException.class)
                .satisfies(e -> assertThat(((UnavailableException) e).reason()).isEqualTo(UnavailableException.Reason.CLOSED));
        assertThatThrownBy(() -> writer.clients("acme")).isInstanceOf(UnavailableException.class);
    }

    @Test
    void publicOpenUsesTheProcessEnvironmentAndStandardHashing() {
        FsControlPlane plane = FsControlPlane.open(new ControlPlaneConfig(root, false, clock));
        assertThat(plane.tenants().getBySlug("acme")).contains(acme);
    }
}

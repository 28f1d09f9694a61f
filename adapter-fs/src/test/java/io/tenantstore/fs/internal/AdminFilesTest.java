package io.tenantstore.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import io.tenantstore.ConflictException;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.NotLeaderException;
import io.tenantstore.PasswordHasher;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.model.Admin;
import io.tenantstore.model.NewAdmin;
import io.tenantstore.model.NewTenant;
import io.tenantstore.repository.AdminRepository;
import io.tenantstore.spi.ControlPlaneConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminFilesTest {
    /** Reversible stand-in for the store's hasher: the tests only need a hash that is not the password. */
    private static final PasswordHasher HASHER = new PasswordHasher() {
        @Override
        public String hash(char[] password) {
            return "h$" + new StringBuilder(new String(password)).reverse();
        }

        @Override
        public boolean verify(char[] password, String hash) {
            return hash.equals(hash(password));
        }
    };

    @TempDir
    Path root;
    private final Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private FsControlPlane plane;
    private AdminRepository admins;

    @BeforeEach
    void open() {
        plane = FsControlPlane.open(new ControlPlaneConfig(root, true, clock));
        plane.tenants().create(NewTenant.of("acme", "Acme"));
        admins = plane.admins();
    }

    @Test
    void createListGetAndDeleteGlobalAndTenantAdministrators() {
        Admin root1 = admins.create(NewAdmin.withPassword("root", null, Set.of("owner"), HASHER.hash("s3cret-pw".toCharArray())));
        Admin ana = admins.create(NewAdmin.external("ana@acme.io", "acme", Set.of("viewer", "editor"), "google", "sub-1"));
        assertThat(root1.isGlobal()).isTrue();
        assertThat(root1.hasPassword()).isTrue();
        assertThat(root1.version()).isEqualTo(1);
        assertThat(ana.tenant()).isEqualTo("acme");
        assertThat(ana.roles()).containsExactlyInAnyOrder("editor", "viewer");
        assertThat(admins.list()).extracting(Admin::username).containsExactly("ana@acme.io", "root");
        assertThat(admins.listForTenant("acme")).containsExactly(ana);
        assertThat(admins.get("root")).contains(root1);
        assertThat(FsControlPlane.open(new ControlPlaneConfig(root, false, clock)).admins().list())
                .as("read back from the file").containsExactly(ana, root1);
        assertThat(admins.checkPassword("root", "s3cret-pw".toCharArray(), HASHER)).isTrue();
        assertThat(admins.checkPassword("root", "wrong".toCharArray(), HASHER)).isFalse();
        assertThat(admins.checkPassword("ana@acme.io", "s3cret-pw".toCharArray(), HASHER)).isFalse();
        assertThat(admins.delete("root")).isTrue();
        assertThat(admins.delete("root")).isFalse();
        assertThat(admins.get("root")).isEmpty();
    }

    @Test
    void theFileHoldsTheHashAndNeverTheClearPassword() throws Exception {
        admins.create(NewAdmin.withPassword("root", null, Set.of("owner"), HASHER.hash("s3cret-pw".toCharArray())));
        String yaml = Files.readString(root.resolve(AdminFiles.FILE));
        assertThat(yaml).contains("passwordHash").doesNotContain("s3cret-pw");
        assertThat(NewAdmin.withPassword("x", null, Set.of("r"), "HASHVALUE").toString()).doesNotContain("HASHVALUE");
    }

    @Test
    void updateRolesChecksTheVersion() {
        Admin a = admins.create(NewAdmin.external("ana", "acme", Set.of("viewer"), "github", "42"));
        Admin b = admins.updateRoles("ana", Set.of("editor"), a.version());
        assertThat(b.roles()).containsExactly("editor");
        assertThat(b.version()).isEqualTo(2);
        assertThatThrownBy(() -> admins.updateRoles("ana", Set.of("owner"), a.version()))
                .isInstanceOf(ConflictException.class);
        assertThat(admins.get("ana").orElseThrow().roles()).containsExactly("editor");
        assertThatThrownBy(() -> admins.updateRoles("nobody", Set.of("x"), 1)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void badInputIsRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> admins.create(new NewAdmin("root", null, Set.of("owner"), "hash", "google", "s")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> admins.create(new NewAdmin("root", null, Set.of("owner"), null, null, null)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> admins.create(NewAdmin.withPassword("Bad Name", null, Set.of("owner"), "h")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> admins.create(NewAdmin.withPassword("root", null, Set.of(), "h")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> admins.create(NewAdmin.withPassword("root", null, Set.of("bad role"), "h")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> admins.create(NewAdmin.withPassword("root", "globex", Set.of("owner"), "h")))
                .isInstanceOf(TenantNotFoundException.class);
        assertThatThrownBy(() -> admins.create(NewAdmin.withPassword("root", "Not A Slug", Set.of("owner"), "h")))
                .isInstanceOf(InvalidInputException.class);
        assertThat(Files.exists(root.resolve(AdminFiles.FILE))).isFalse();
        admins.create(NewAdmin.external("ana", null, Set.of("owner"), "google", "1"));
        assertThatThrownBy(() -> admins.create(NewAdmin.external("ana", null, Set.of("owner"), "google", "2")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> admins.create(NewAdmin.external("bob", null, Set.of("owner"), "google", "1")))
                .isInstanceOf(ConflictException.class);
        assertThat(admins.list()).hasSize(1);
    }

    @Test
    void aReaderCannotWrite() {
        admins.create(NewAdmin.external("ana", null, Set.of("owner"), "google", "1"));
        AdminRepository reader = FsControlPlane.open(new ControlPlaneConfig(root, false, clock)).admins();
        assertThatThrownBy(() -> reader.create(NewAdmin.external("bob", null, Set.of("owner"), "google", "2")))
                .isInstanceOf(NotLeaderException.class);
        assertThatThrownBy(() -> reader.updateRoles("ana", Set.of("x"), 1)).isInstanceOf(NotLeaderException.class);
        assertThatThrownBy(() -> reader.delete("ana")).isInstanceOf(NotLeaderException.class);
        assertThat(reader.list()).hasSize(1);
    }

    @Test
    void aMalformedFileNamesTheFileAndLine() throws Exception {
        Files.writeString(root.resolve(AdminFiles.FILE), "admins:\n  - id: x\n    username: ana\n    roles: [owner]\n"
                + "    createdAt: 2030-01-01T00:00:00Z\n    colour: red\n    provider: g\n    subject: s\n");
        assertThatThrownBy(() -> admins.list()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(AdminFiles.FILE).hasMessageContaining("colour");
    }
}

package io.tenantstore.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.OperationalMode;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With this one artifact on the class path, a store.yaml naming SQLite runs the whole data plane. */
class StarterTest {
    @TempDir
    Path dir;

    @Test
    void aStoreYamlOnSqliteRunsUsersAndPasswordsForTwoTenantsApart() throws IOException {
        Path yaml = dir.resolve("store.yaml");
        Files.writeString(yaml, "fsRoot: data\ndefaultTenantDb:\n  driver: sqlite\n  url: jdbc:sqlite:tenants\n"
                + "  isolation: database\n");
        try (DataAccessLayer store = TenantStore.open(yaml)) {
            assertThat(store.mode()).isNotEqualTo(OperationalMode.FS_ONLY);
            store.config().tenants().create(NewTenant.of("acme", "Acme Inc"));
            store.config().tenants().create(NewTenant.of("globex", "Globex"));
            TenantDataAccess acme = store.forTenant("acme");
            String hash = store.passwordHasher().hash("correct horse battery".toCharArray());
            User ana = acme.users().create(NewUser.of("ana@acme.io", hash));
            assertThat(acme.users().checkPassword(ana.id(), "correct horse battery".toCharArray())).isTrue();
            assertThat(store.forTenant("globex").users().getByEmail("ana@acme.io")).isEmpty();
            assertThat(store.forTenant("globex").users().getById(ana.id())).isEmpty();
        }
        assertThat(dir.resolve("data/tenants/acme/data.db")).isRegularFile();
        assertThat(dir.resolve("data/tenants/acme/tenant.yaml")).isRegularFile();
    }

    @Test
    void aTenantWithoutADatabaseUsesTheNoOpAdapter() throws IOException {
        try (DataAccessLayer store = TenantStore.builder().fsRoot(dir).noBackgroundMaintenance().build()) {
            store.config().tenants().create(NewTenant.of("docs", "Docs"));
            assertThat(store.forTenant("docs").hasDatabase()).isFalse();
        }
    }
}

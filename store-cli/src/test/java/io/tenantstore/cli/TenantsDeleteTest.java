package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tenants delete} on the embedded default, where each tenant's SQLite file lives in its
 * control-plane directory: the data is kept unless {@code --purge} says otherwise.
 */
class TenantsDeleteTest {
    @TempDir
    Path dir;

    @Test
    void deleteKeepsTheTenantsSqliteFileAndANewTenantOfTheSlugDoesNotSeeItsRows() throws Exception {
        assertThat(CliRunner.run("init", dir.toString()).exit()).isZero();
        Path storeYaml = dir.resolve("store.yaml");
        String store = storeYaml.toString();
        assertThat(CliRunner.run("tenants", "create", "acme", "--store", store).exit()).isZero();
        try (DataAccessLayer dal = TenantStore.open(storeYaml)) {
            dal.forTenant("acme").users().create(NewUser.of("ana@acme.io", null));
        }
        Path data = dir.resolve("data/tenants/acme/data.db");
        assertThat(data).isRegularFile();
        long size = Files.size(data);

        CliRunner deleted = CliRunner.run("tenants", "delete", "acme", "--yes", "--store", store);
        assertThat(deleted.exit()).as(deleted.out() + deleted.err()).isZero();
        assertThat(deleted.out()).contains("data kept");
        assertThat(data.getParent()).as("the slug's directory").doesNotExist();
        Path kept;
        try (java.util.stream.Stream<Path> entries = Files.list(dir.resolve("data/tenants"))) {
            kept = entries.filter(p -> p.getFileName().toString().startsWith(".kept-acme-")).findFirst().orElseThrow()
                    .resolve("data.db");
        }
        assertThat(Files.size(kept)).as("the data said to be kept").isEqualTo(size);
        CliRunner list = CliRunner.run("tenants", "list", "--store", store);
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("0 tenant(s)");

        assertThat(CliRunner.run("tenants", "create", "acme", "--store", store).exit()).isZero();
        try (DataAccessLayer dal = TenantStore.open(storeYaml)) {
            assertThat(dal.forTenant("acme").users().getByEmail("ana@acme.io")).as("the old tenant's row").isEmpty();
            dal.forTenant("acme").users().create(NewUser.of("bob@acme.io", null));
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data);
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM ts_users")) {
            rs.next();
            assertThat(rs.getInt(1)).as("a new file: nothing of the old tenant in it").isEqualTo(1);
        }
        // --purge deletes the tenant's own rows, in the tenant's own file
        CliRunner purged = CliRunner.run("tenants", "delete", "acme", "--yes", "--purge", "--store", store);
        assertThat(purged.exit()).as(purged.out() + purged.err()).isZero();
        assertThat(purged.out()).contains("data purged: deleted 1 users").contains(data.getParent().toString());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + kept);
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT email FROM ts_users")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("the first tenant's kept row").isEqualTo("ana@acme.io");
        }
        assertThat(Path.of("tenants")).as("no SQLite file opened beside the working directory").doesNotExist();
    }
}

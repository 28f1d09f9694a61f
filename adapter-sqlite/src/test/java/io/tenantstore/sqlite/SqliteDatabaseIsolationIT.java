package io.tenantstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.testkit.conformance.AdapterConformanceSuite;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite with {@code database} isolation: tenants A and B each get their own file
 * ({@code <dir>/<slug>/data.db}) and their own pool, as the store places them.
 */
class SqliteDatabaseIsolationIT extends AdapterConformanceSuite {
    private final Path dir;

    SqliteDatabaseIsolationIT() throws IOException {
        dir = Files.createTempDirectory("ts-sqlite-database-");
    }

    @Override
    protected StoreAdapter adapter() {
        return new SqliteAdapter();
    }

    @Override
    protected DbConfig dbConfig() {
        return DbConfig.builder(SqliteAdapter.NAME, "jdbc:sqlite:tenants").isolation(Isolation.DATABASE).build();
    }

    @Override
    protected Path controlPlaneRoot() {
        return dir;
    }

    @Override
    protected Isolation isolation() {
        return Isolation.DATABASE;
    }

    @Override
    protected void afterSuite() {
        SqliteTestFiles.deleteTree(dir);
    }

    @Test
    void eachTenantHasItsOwnFileUnderTheControlPlaneRoot() throws IOException {
        try (var tenants = Files.list(dir.resolve("tenants"))) {
            assertThat(tenants.filter(t -> Files.isRegularFile(t.resolve(SqliteAdapter.TENANT_FILE)))).hasSize(2);
        }
    }
}

package io.tenantstore.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.testkit.conformance.AdapterConformanceSuite;

/** The conformance suite with {@code shared} isolation: both tenants' rows in one file. */
class SqliteSharedIsolationIT extends AdapterConformanceSuite {
    private final Path dir;

    SqliteSharedIsolationIT() throws IOException {
        dir = Files.createTempDirectory("ts-sqlite-shared-");
    }

    @Override
    protected StoreAdapter adapter() {
        return new SqliteAdapter();
    }

    @Override
    protected DbConfig dbConfig() {
        return SqliteAdapter.sharedFile(dir.resolve("shared.db"));
    }

    @Override
    protected Isolation isolation() {
        return Isolation.SHARED;
    }

    @Override
    protected void afterSuite() {
        SqliteTestFiles.deleteTree(dir);
    }
}

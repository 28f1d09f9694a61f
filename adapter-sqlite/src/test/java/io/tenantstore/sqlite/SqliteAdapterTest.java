package io.tenantstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import io.tenantstore.DbConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import org.junit.jupiter.api.Test;

class SqliteAdapterTest {
    private final SqliteAdapter adapter = new SqliteAdapter();
    private final Path root = Path.of("/srv/app/data");

    @Test
    void databaseIsolationGivesEachTenantAFileInItsDirectoryUnderTheControlPlaneRoot() {
        DbConfig db = DbConfig.builder("sqlite", "jdbc:sqlite:tenants").isolation(Isolation.DATABASE).build();
        DbConfig acme = adapter.dataSourceFor(db, "acme", root);
        assertThat(acme.url()).isEqualTo("jdbc:sqlite:/srv/app/data/tenants/acme/data.db");
        assertThat(acme.isolation()).isEqualTo(Isolation.DATABASE);
        assertThat(adapter.dataSourceFor(db, "globex", root).url())
                .isEqualTo("jdbc:sqlite:/srv/app/data/tenants/globex/data.db");
    }

    @Test
    void aConfiguredAbsoluteDirectoryIsKept() {
        DbConfig db = SqliteAdapter.perTenantFiles(Path.of("/var/lib/tenants"));
        assertThat(adapter.dataSourceFor(db, "acme", root).url()).isEqualTo("jdbc:sqlite:/var/lib/tenants/acme/data.db");
    }

    @Test
    void sharedIsolationIsOneFileAnchoredAtTheRoot() {
        DbConfig db = DbConfig.builder("sqlite", "jdbc:sqlite:shared.db").isolation(Isolation.SHARED)
                .property("cache_size", "-4000").build();
        DbConfig placed = adapter.dataSourceFor(db, "acme", root);
        assertThat(placed.url()).isEqualTo("jdbc:sqlite:/srv/app/data/shared.db");
        assertThat(adapter.dataSourceFor(db, "globex", root)).isEqualTo(placed);
        assertThat(placed.properties()).containsEntry("cache_size", "-4000");
    }

    @Test
    void inMemoryAndNonSqliteUrlsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> adapter.dataSourceFor(DbConfig.of("sqlite", "jdbc:sqlite::memory:"), "acme", root))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("in-memory")
                .hasMessageContaining("temporary directory");
        assertThatThrownBy(() -> adapter.dataSourceFor(DbConfig.of("sqlite", "jdbc:h2:mem:x"), "acme", root))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("jdbc:sqlite:");
        assertThatThrownBy(() -> adapter.dataSourceFor(DbConfig.of("sqlite", "jdbc:sqlite:file:x.db?mode=ro"), "acme",
                root)).isInstanceOf(InvalidInputException.class).hasMessageContaining("plain path");
    }

    @Test
    void declaresDatabaseAndSharedIsolationOnly() {
        assertThat(adapter.isolations()).containsExactlyInAnyOrder(Isolation.DATABASE, Isolation.SHARED);
    }
}

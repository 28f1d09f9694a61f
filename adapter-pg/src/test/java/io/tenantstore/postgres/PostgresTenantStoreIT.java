package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.Isolation;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter behind {@link TenantStore}: chosen by name, bound per tenant, one pool per data source. */
class PostgresTenantStoreIT {
    @TempDir
    Path root;

    @Test
    void tenantsOfOneSharedDatabaseAreBoundThroughTheStore() throws Exception {
        PgTestSupport.ensureAppRole();
        String db = PgTestSupport.createDatabase("pg_it_store", PgTestSupport.APP_ROLE);
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root)
                .defaultTenantDb(PgTestSupport.appConfig(db, Isolation.SHARED).build())
                .passwordHasher(new FakePasswordHasher())
                .noBackgroundMaintenance()
                .build()) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
            store.config().tenants().create(NewTenant.of("globex", "Globex"));
            TenantDataAccess acme = store.forTenant("acme");
            TenantDataAccess globex = store.forTenant("globex");

            User ana = acme.users().create(NewUser.of("ana@example.com", null));
            globex.users().create(NewUser.of("ana@example.com", null));
            acme.users().setPassword(ana.id(), "correct horse".toCharArray());

            assertThat(acme.users().checkPassword(ana.id(), "correct horse".toCharArray())).isTrue();
            assertThat(globex.users().getById(ana.id())).isEmpty();
            List<String> seen = acme.unwrap(Jdbi.class).withHandle(h -> h.createQuery("SELECT id FROM ts_users")
                    .mapTo(String.class).list());
            assertThat(seen).containsExactly(ana.id());
            assertThat(store.forTenant("acme").users().getByEmail("ANA@example.com").orElseThrow().user().id())
                    .isEqualTo(ana.id());
        } finally {
            PgTestSupport.dropDatabase(db);
        }
    }
}

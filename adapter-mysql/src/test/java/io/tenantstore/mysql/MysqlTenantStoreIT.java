package io.tenantstore.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
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

/** The adapter behind {@link TenantStore}: chosen by its alias, bound per tenant, one pool per data source. */
class MysqlTenantStoreIT {
    @TempDir
    Path root;

    @Test
    void tenantsOfOneSharedDatabaseAreBoundThroughTheStoreAndTheApplicationsOwnSqlMustFilter() {
        String db = MysqlTestSupport.createDatabase("my_it_store");
        DbConfig base = MysqlTestSupport.config(db, Isolation.SHARED, false).build();
        DbConfig mariadb = DbConfig.builder("mariadb", base.url()).isolation(Isolation.SHARED)
                .username(base.username().orElse(null)).password(base.password().orElse(null)).build();
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root)
                .defaultTenantDb(mariadb)
                .passwordHasher(new FakePasswordHasher())
                .noBackgroundMaintenance()
                .build()) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
            store.config().tenants().create(NewTenant.of("globex", "Globex"));
            TenantDataAccess acme = store.forTenant("acme");
            TenantDataAccess globex = store.forTenant("globex");

            User ana = acme.users().create(NewUser.of("ana@example.com", null));
            User other = globex.users().create(NewUser.of("ana@example.com", null));
            acme.users().setPassword(ana.id(), "correct horse".toCharArray());

            assertThat(acme.users().checkPassword(ana.id(), "correct horse".toCharArray())).isTrue();
            assertThat(globex.users().getById(ana.id())).isEmpty();
            assertThat(store.forTenant("acme").users().getByEmail("ANA@example.com").orElseThrow().user().id())
                    .isEqualTo(ana.id());
            // no row-level security on MySQL: the application's own SQL on shared tables sees every
            // tenant's rows unless it filters by tenant_id itself
            Jdbi jdbi = acme.unwrap(Jdbi.class);
            List<String> all = jdbi.withHandle(h -> h.createQuery("SELECT id FROM ts_users")
                    .mapTo(String.class).list());
            assertThat(all).containsExactlyInAnyOrder(ana.id(), other.id());
            List<String> filtered = jdbi.withHandle(h -> h.createQuery("SELECT id FROM ts_users WHERE tenant_id = :t")
                    .bind("t", acme.id()).mapTo(String.class).list());
            assertThat(filtered).containsExactly(ana.id());
        } finally {
            MysqlTestSupport.dropDatabases(db);
        }
    }
}

package io.tenantstore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.InvalidInputException;
import io.tenantstore.OperationalMode;
import io.tenantstore.model.NewTenant;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code tenantstore.control-plane-source=database}: two application contexts (two instances of a
 * service) share tenants through a control plane in PostgreSQL, with no fs-root and no files.
 */
class DatabaseControlPlaneIT {
    private static TestDatabase server;
    private static String url;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TenantStoreAutoConfiguration.class));

    @BeforeAll
    static void createDatabase() {
        server = TestDatabases.postgres();
        url = server.createDatabase("ts_spring_cp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    private String[] properties() {
        List<String> p = new ArrayList<>(List.of("tenantstore.control-plane-source=database",
                "tenantstore.global-db.driver=postgres", "tenantstore.global-db.url=" + url,
                "tenantstore.global-db.username=" + server.username()));
        if (server.password() != null) {
            p.add("tenantstore.global-db.password=" + server.password());
        }
        return p.toArray(String[]::new);
    }

    @Test
    void twoInstancesShareTenantsThroughTheDatabaseWithNoFsRoot() {
        runner.withPropertyValues(properties()).run(first -> {
            assertThat(first).hasSingleBean(DataAccessLayer.class);
            DataAccessLayer a = first.getBean(DataAccessLayer.class);
            assertThat(a.mode()).isEqualTo(OperationalMode.FS_GLOBAL_DB);
            a.config().tenants().create(NewTenant.of("shared-acme", "Acme"));
            runner.withPropertyValues(properties()).run(second -> {
                DataAccessLayer b = second.getBean(DataAccessLayer.class);
                assertThat(b.config().tenants().getBySlug("shared-acme")).get()
                        .extracting(t -> t.displayName()).isEqualTo("Acme");
            });
        });
    }

    @Test
    void databaseSourceWithoutAGlobalDatabaseIsRefusedNamingTheProperty() {
        runner.withPropertyValues("tenantstore.control-plane-source=database").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("tenantstore.global-db");
        });
    }
}

package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tenantstore.Isolation;
import io.tenantstore.PoolSettings;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cold binds racing for new schema targets: migrations run once per target. The application
 * location {@code db/it/counting} holds a Flyway {@code beforeMigrate} callback that records each
 * migration run of a target in {@code public.ts_it_migration_runs}.
 */
class PostgresConcurrentBindIT {
    private static final int CALLERS = 64;
    private static final int POOL_SIZE = 10;

    private String database;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = PgTestSupport.createDatabase("pg_it_bind", null);
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.ts_it_migration_runs (schema_name text NOT NULL)");
        }
    }

    @AfterEach
    void dropDatabase() {
        PgTestSupport.dropDatabase(database);
    }

    private Connection open() throws SQLException {
        return DriverManager.getConnection(PgTestSupport.urlOf(database), PgTestSupport.adminUser(),
                PgTestSupport.adminPassword());
    }

    private AdapterConnection connect() {
        return new PostgresAdapter().connect(new AdapterConfig(
                PgTestSupport.config(database, Isolation.SCHEMA)
                        .pool(new PoolSettings(POOL_SIZE, 0, Duration.ofSeconds(30))).build(),
                Clock.systemUTC(), Runnable::run, new FakePasswordHasher(), List.of("classpath:db/it/counting")));
    }

    private List<TenantRepositories> bindConcurrently(AdapterConnection connection, List<TenantScope> scopes)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(scopes.size());
        try {
            CountDownLatch ready = new CountDownLatch(scopes.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TenantRepositories>> futures = new ArrayList<>();
            for (TenantScope scope : scopes) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return connection.bind(scope);
                }));
            }
            ready.await();
            go.countDown();
            List<TenantRepositories> bound = new ArrayList<>();
            for (Future<TenantRepositories> f : futures) {
                bound.add(f.get(120, TimeUnit.SECONDS));
            }
            return bound;
        } finally {
            pool.shutdownNow();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void sixtyFourConcurrentBindsOfOneNewSchemaTenantMigrateItOnce() throws Exception {
        TenantScope scope = new TenantScope(UUID.randomUUID().toString(), "acme", Isolation.SCHEMA, "t_acme");
        try (AdapterConnection connection = connect()) {
            List<TenantRepositories> bound = bindConcurrently(connection, java.util.Collections.nCopies(CALLERS, scope));

            assertThat(bound).hasSize(CALLERS).doesNotContainNull();
            assertThat(count("SELECT count(*) FROM public.ts_it_migration_runs WHERE schema_name = 't_acme'"))
                    .as("migration runs").isEqualTo(1);
            assertThat(count("SELECT count(*) FROM t_acme.ts_schema_history WHERE version = '1' AND success"))
                    .isEqualTo(1);
            // every caller got repositories over the same target and the one pool
            User u = bound.get(0).users().create(NewUser.of("ana@acme.io", null));
            assertThat(bound.get(CALLERS - 1).users().getById(u.id())).isPresent();
            AdapterConnection.PoolCounters counters = connection.counters().orElseThrow();
            assertThat(counters.active() + counters.idle()).isLessThanOrEqualTo(POOL_SIZE);
            // warm binds do not migrate again
            connection.bind(scope);
            assertThat(count("SELECT count(*) FROM public.ts_it_migration_runs")).isEqualTo(1);
        }
    }

    @Test
    void sixtyFourConcurrentFirstForTenantCallsThroughTheStoreOpenOnePoolAndMigrateOnce(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path fsRoot) throws Exception {
        try (io.tenantstore.DataAccessLayer store = io.tenantstore.core.TenantStore.builder().fsRoot(fsRoot)
                .defaultTenantDb(PgTestSupport.config(database, Isolation.SCHEMA)
                        .pool(new PoolSettings(POOL_SIZE, 0, Duration.ofSeconds(30))).build())
                .addMigrationLocation("classpath:db/it/counting")
                .noBackgroundMaintenance().build()) {
            store.config().tenants().create(io.tenantstore.model.NewTenant.of("acme", "Acme"));
            ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
            try {
                CountDownLatch ready = new CountDownLatch(CALLERS);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<io.tenantstore.TenantDataAccess>> futures = new ArrayList<>();
                for (int i = 0; i < CALLERS; i++) {
                    futures.add(pool.submit(() -> {
                        ready.countDown();
                        go.await();
                        return store.forTenant("acme");
                    }));
                }
                ready.await();
                go.countDown();
                java.util.Set<io.tenantstore.TenantDataAccess> accesses = new java.util.HashSet<>();
                for (Future<io.tenantstore.TenantDataAccess> f : futures) {
                    accesses.add(f.get(120, TimeUnit.SECONDS));
                }
                assertThat(accesses).as("one tenant access for all callers").hasSize(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.stats().pools()).as("one pool").singleElement()
                    .satisfies(p -> assertThat(p.tenants()).isEqualTo(1));
            assertThat(count("SELECT count(*) FROM public.ts_it_migration_runs WHERE schema_name = 't_acme'"))
                    .as("Flyway runs for the tenant's schema").isEqualTo(1);
            User u = store.forTenant("acme").users().create(NewUser.of("ana@acme.io", null));
            assertThat(store.forTenant("acme").users().getById(u.id())).isPresent();
        }
    }

    @Test
    void concurrentBindsOfEightNewSchemasMigrateEachOnce() throws Exception {
        List<TenantScope> scopes = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            int schema = i % 8;
            scopes.add(new TenantScope(UUID.randomUUID().toString(), "t" + i, Isolation.SCHEMA, "t_multi_" + schema));
        }
        try (AdapterConnection connection = connect()) {
            bindConcurrently(connection, scopes);
            assertThat(count("SELECT count(*) FROM public.ts_it_migration_runs")).isEqualTo(8);
            assertThat(count("SELECT count(DISTINCT schema_name) FROM public.ts_it_migration_runs")).isEqualTo(8);
            assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_name = 'ts_users'"
                    + " AND table_schema LIKE 't\\_multi\\_%'")).isEqualTo(8);
        }
    }
}

package io.tenantstore.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
 * Cold binds racing for new targets: migrations run once per target. The application location
 * {@code db/it/counting} holds a Flyway {@code beforeMigrate} callback that records each migration
 * run in {@code ts_it_migration_runs} of the target itself.
 */
class MysqlConcurrentBindIT {
    private static final int CALLERS = 64;
    private static final int POOL_SIZE = 10;

    private final List<String> databases = new ArrayList<>();
    private String database;

    @BeforeEach
    void createDatabase() {
        database = MysqlTestSupport.createDatabase("my_it_bind");
        databases.add(database);
    }

    @AfterEach
    void dropDatabases() {
        MysqlTestSupport.dropDatabases(databases.toArray(String[]::new));
    }

    private AdapterConnection connect(Isolation isolation) {
        return new MysqlAdapter().connect(new AdapterConfig(
                MysqlTestSupport.config(database, isolation, false)
                        .pool(new PoolSettings(POOL_SIZE, 0, Duration.ofSeconds(30))).build(),
                Clock.systemUTC(), Runnable::run, new FakePasswordHasher(), List.of("classpath:db/it/counting")));
    }

    private String schema(String prefix) {
        String name = MysqlTestSupport.uniqueName(prefix);
        databases.add(name);
        return name;
    }

    private static List<TenantRepositories> bindConcurrently(AdapterConnection connection, List<TenantScope> scopes)
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
        try (Connection c = MysqlTestSupport.open(database); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void sixtyFourConcurrentBindsOfOneNewSchemaTenantMigrateItOnce() throws Exception {
        String schema = schema("my_it_acme");
        TenantScope scope = new TenantScope(UUID.randomUUID().toString(), "acme", Isolation.SCHEMA, schema);
        try (AdapterConnection connection = connect(Isolation.SCHEMA)) {
            List<TenantRepositories> bound = bindConcurrently(connection, Collections.nCopies(CALLERS, scope));

            assertThat(bound).hasSize(CALLERS).doesNotContainNull();
            assertThat(count("SELECT count(*) FROM `" + schema + "`.ts_it_migration_runs")).as("migration runs")
                    .isEqualTo(1);
            assertThat(count("SELECT count(*) FROM `" + schema + "`.ts_schema_history WHERE version = '1'"
                    + " AND success")).isEqualTo(1);
            // the pool's own database got nothing: the schema's tables live in the schema only
            assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE()"))
                    .isZero();
            // every caller got repositories over the same target and the one pool
            User u = bound.get(0).users().create(NewUser.of("ana@acme.io", null));
            assertThat(bound.get(CALLERS - 1).users().getById(u.id())).isPresent();
            AdapterConnection.PoolCounters counters = connection.counters().orElseThrow();
            assertThat(counters.active() + counters.idle()).isLessThanOrEqualTo(POOL_SIZE);
            // warm binds do not migrate again
            connection.bind(scope);
            assertThat(count("SELECT count(*) FROM `" + schema + "`.ts_it_migration_runs")).isEqualTo(1);
        }
    }

    @Test
    void concurrentBindsOfEightNewSchemasMigrateEachOnce() throws Exception {
        List<String> schemas = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            schemas.add(schema("my_it_multi" + i));
        }
        List<TenantScope> scopes = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            scopes.add(new TenantScope(UUID.randomUUID().toString(), "t" + i, Isolation.SCHEMA, schemas.get(i % 8)));
        }
        try (AdapterConnection connection = connect(Isolation.SCHEMA)) {
            bindConcurrently(connection, scopes);
            for (String schema : schemas) {
                assertThat(count("SELECT count(*) FROM `" + schema + "`.ts_it_migration_runs")).as(schema)
                        .isEqualTo(1);
                assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_name = 'ts_users'"
                        + " AND table_schema = '" + schema + "'")).as(schema).isEqualTo(1);
            }
        }
    }

    @Test
    void sixtyFourConcurrentFirstBindsOfSharedTenantsMigrateTheDatabaseOnce() throws Exception {
        List<TenantScope> scopes = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            scopes.add(new TenantScope(UUID.randomUUID().toString(), "t" + i, Isolation.SHARED, null));
        }
        try (AdapterConnection connection = connect(Isolation.SHARED)) {
            List<TenantRepositories> bound = bindConcurrently(connection, scopes);
            assertThat(count("SELECT count(*) FROM ts_it_migration_runs")).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM ts_schema_history WHERE version = '1' AND success")).isEqualTo(1);
            User u = bound.get(0).users().create(NewUser.of("ana@acme.io", null));
            assertThat(bound.get(1).users().getById(u.id())).isEmpty();
        }
    }
}

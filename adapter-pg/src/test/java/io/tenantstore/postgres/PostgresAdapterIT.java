package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.tenantstore.ConflictException;
import io.tenantstore.DbConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.MigrationException;
import io.tenantstore.PoolSettings;
import io.tenantstore.UnavailableException;
import io.tenantstore.model.NewUser;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter's connection: errors, application migrations, unwrapping, health. */
class PostgresAdapterIT {
    private String database;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = PgTestSupport.createDatabase("pg_it_adapter", null);
    }

    @AfterEach
    void dropDatabase() {
        PgTestSupport.dropDatabase(database);
    }

    private static AdapterConnection connect(DbConfig db, List<String> locations) {
        return new PostgresAdapter().connect(new AdapterConfig(db, Clock.systemUTC(), Runnable::run,
                new FakePasswordHasher(), locations));
    }

    private AdapterConnection connect(Isolation isolation, PoolSettings pool) {
        return connect(PgTestSupport.config(database, isolation).pool(pool).build(), List.of());
    }

    private static TenantScope scope(Isolation isolation, String schema) {
        return new TenantScope(UUID.randomUUID().toString(), "acme", isolation, schema);
    }

    @Test
    void anUnreachableServerIsDatabaseDown() {
        DbConfig db = DbConfig.builder("postgres", "jdbc:postgresql://127.0.0.1:1/nothing")
                .pool(new PoolSettings(1, 0, Duration.ofMillis(500))).build();
        assertThatThrownBy(() -> connect(db, List.of()))
                .isInstanceOf(UnavailableException.class)
                .satisfies(e -> assertThat(((UnavailableException) e).reason())
                        .isEqualTo(UnavailableException.Reason.DATABASE_DOWN));
    }

    @Test
    void aCallThatFindsEveryConnectionBusyIsPoolExhausted() throws SQLException {
        try (AdapterConnection c = connect(Isolation.DATABASE, new PoolSettings(1, 0, Duration.ofMillis(250)))) {
            TenantRepositories t = c.bind(scope(Isolation.DATABASE, null));
            try (Connection held = t.unwrap(DataSource.class).orElseThrow().getConnection()) {
                assertThat(held.isValid(1)).isTrue();
                assertThatThrownBy(() -> t.users().getById(UUID.randomUUID().toString()))
                        .isInstanceOf(UnavailableException.class)
                        .satisfies(e -> assertThat(((UnavailableException) e).reason())
                                .isEqualTo(UnavailableException.Reason.POOL_EXHAUSTED));
            }
            assertThat(t.users().getById(UUID.randomUUID().toString())).isEmpty();
        }
    }

    @Test
    void aMalformedSchemaOrTenantIdIsRejectedBeforeAnySqlRuns() {
        AdapterConnection c = connect(Isolation.SCHEMA, PoolSettings.DEFAULTS);
        // closed: any statement would fail with CLOSED, so an InvalidInputException proves none ran
        c.close();
        assertThatThrownBy(() -> c.bind(scope(Isolation.SCHEMA, "x\"; drop")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("x\"; drop");
        assertThatThrownBy(() -> c.bind(scope(Isolation.SCHEMA, "Acme"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> c.bind(scope(Isolation.SCHEMA, "a".repeat(64))))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> c.bind(new TenantScope("tenant-1", "acme", Isolation.SHARED, null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tenant-1");
        assertThatThrownBy(() -> c.bind(scope(Isolation.SCHEMA, "t_acme")))
                .isInstanceOf(UnavailableException.class)
                .satisfies(e -> assertThat(((UnavailableException) e).reason())
                        .isEqualTo(UnavailableException.Reason.CLOSED));
    }

    @Test
    void aDuplicateEmailIsAConflictNamingTheEmail() {
        // the test server's login is a superuser: row-level security only advisory here
        try (AdapterConnection c = connect(PgTestSupport.config(database, Isolation.SHARED)
                .rowSecurity(io.tenantstore.RowSecurityMode.ADVISORY).build(), List.of())) {
            TenantRepositories t = c.bind(scope(Isolation.SHARED, null));
            t.users().create(NewUser.of("Ana@Acme.io", null));
            assertThatThrownBy(() -> t.users().create(NewUser.of("ana@acme.io", null)))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("ana@acme.io")
                    .hasCauseInstanceOf(SQLException.class);
        }
    }

    @Test
    void applicationMigrationsRunPerTargetAfterTenantStoresAndTheJdbiQualifiesItsTables() {
        DbConfig db = PgTestSupport.config(database, Isolation.SCHEMA).build();
        try (AdapterConnection c = connect(db, List.of("classpath:db/it/app"))) {
            TenantScope acme = scope(Isolation.SCHEMA, "t_acme");
            TenantRepositories t = c.bind(acme);
            c.bind(scope(Isolation.SCHEMA, "t_globex"));
            Jdbi jdbi = t.unwrap(Jdbi.class).orElseThrow();
            UUID tenant = UUID.fromString(acme.tenantId());
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO <schemaPrefix>app_orders (tenant_id, id, total)"
                    + " VALUES (:t, 1, 990)").bind("t", tenant).execute());
            long total = jdbi.withHandle(h -> h.createQuery("SELECT total FROM <schemaPrefix>app_orders WHERE"
                    + " tenant_id = :t").bind("t", tenant).mapTo(Long.class).one());
            assertThat(total).isEqualTo(990);
            List<String> histories = jdbi.withHandle(h -> h.createQuery("SELECT table_schema || '.' || table_name"
                    + " FROM information_schema.tables WHERE table_name IN ('ts_schema_history',"
                    + " 'flyway_schema_history', 'app_orders') ORDER BY 1").mapTo(String.class).list());
            assertThat(histories).containsExactly("t_acme.app_orders", "t_acme.flyway_schema_history",
                    "t_acme.ts_schema_history", "t_globex.app_orders", "t_globex.flyway_schema_history",
                    "t_globex.ts_schema_history");
        }
    }

    @Test
    void aMissingApplicationLocationFailsTheBindAndIsNotRemembered() {
        DbConfig db = PgTestSupport.config(database, Isolation.SCHEMA).build();
        try (AdapterConnection c = connect(db, List.of("classpath:db/it/does-not-exist"))) {
            TenantScope acme = scope(Isolation.SCHEMA, "t_acme");
            assertThatThrownBy(() -> c.bind(acme)).isInstanceOf(MigrationException.class)
                    .hasMessageContaining("t_acme");
            assertThatThrownBy(() -> c.bind(acme)).isInstanceOf(MigrationException.class);
        }
    }

    @Test
    void unwrapOffersJdbiAndDataSourceOnly() {
        try (AdapterConnection c = connect(Isolation.DATABASE, PoolSettings.DEFAULTS)) {
            TenantRepositories t = c.bind(scope(Isolation.DATABASE, null));
            assertThat(t.unwrap(Jdbi.class)).isPresent();
            assertThat(t.unwrap(Jdbi.class).orElseThrow()).isSameAs(t.unwrap(Jdbi.class).orElseThrow());
            DataSource ds = t.unwrap(DataSource.class).orElseThrow();
            assertThatThrownBy(() -> ds.unwrap(com.zaxxer.hikari.HikariDataSource.class))
                    .isInstanceOf(SQLException.class);
            assertThat(t.unwrap(String.class)).isEmpty();
        }
    }

    @Test
    void pingAndCountersReflectTheOpenPool() {
        AdapterConnection c = connect(Isolation.DATABASE, new PoolSettings(3, 1, Duration.ofSeconds(5)));
        assertThat(c.ping(Duration.ofSeconds(2))).isTrue();
        assertThat(c.counters()).isPresent();
        AdapterConnection.PoolCounters counters = c.counters().orElseThrow();
        assertThat(counters.active() + counters.idle()).isBetween(1, 3);
        c.close();
        c.close();
        assertThat(c.ping(Duration.ofSeconds(1))).isFalse();
    }
}

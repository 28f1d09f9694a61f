package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tenantstore.Isolation;
import io.tenantstore.model.NewUser;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import io.tenantstore.testkit.conformance.NewTargetRace;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A brand-new tenant schema is created and brought to the current version without Flyway, and
 * recorded so that Flyway, which still runs for upgrades, finds nothing to object to: the same
 * history rows as a Flyway run, a successful validation, and a newer script applied on top.
 */
class PostgresColdStartIT {
    private static final String BUNDLED = "classpath:db/tenantstore/postgresql";
    private String database;
    private final ListAppender<ILoggingEvent> flywayLog = new ListAppender<>();
    private final Logger flyway = (Logger) LoggerFactory.getLogger("org.flywaydb");
    private Level flywayLevel;

    @BeforeEach
    void setUp() throws SQLException {
        database = PgTestSupport.createDatabase("pg_it_cold", null);
        flywayLevel = flyway.getLevel();
        flyway.setLevel(Level.DEBUG);
        flywayLog.start();
        flyway.addAppender(flywayLog);
    }

    @AfterEach
    void tearDown() {
        flyway.detachAppender(flywayLog);
        flyway.setLevel(flywayLevel);
        PgTestSupport.dropDatabase(database);
    }

    private AdapterConnection connect() {
        return connect(List.of());
    }

    private AdapterConnection connect(List<String> ownMigrations) {
        return new PostgresAdapter().connect(new AdapterConfig(PgTestSupport.config(database, Isolation.SCHEMA).build(),
                Clock.systemUTC(), Runnable::run, new FakePasswordHasher(), ownMigrations));
    }

    private static TenantScope scope(String schema) {
        return new TenantScope(UUID.randomUUID().toString(), schema, Isolation.SCHEMA, schema);
    }

    /** Flyway configured as the store configures it for its own scripts. */
    private org.flywaydb.core.api.configuration.FluentConfiguration flyway(String schema, String... locations) {
        return Flyway.configure().dataSource(PgTestSupport.urlOf(database), PgTestSupport.adminUser(),
                        PgTestSupport.adminPassword())
                .schemas(schema).createSchemas(true).table("ts_schema_history").locations(locations)
                .baselineOnMigrate(true).baselineVersion("0").failOnMissingLocations(true);
    }

    private List<String> history(String schema) throws SQLException {
        return history(schema, "ts_schema_history");
    }

    /** The bundled scripts' history, then the application's, its versions marked {@code app-}. */
    private List<String> bothHistories(String schema) throws SQLException {
        List<String> rows = new ArrayList<>(history(schema));
        for (String row : history(schema, "flyway_schema_history")) {
            String[] cells = row.split("\\|", 3);
            rows.add(cells[0] + "|app-" + cells[1] + "|" + cells[2]);
        }
        return rows;
    }

    private List<String> history(String schema, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = PgTestSupport.admin(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT installed_rank, version, description, type, script, checksum,"
                     + " installed_by, success FROM \"" + schema + "\"." + table + " ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                        + rs.getString(5).replace(schema, "<schema>") + "|" + rs.getObject(6) + "|" + rs.getString(7)
                        + "|" + rs.getBoolean(8));
            }
        }
        return rows;
    }

    @Test
    void aNewSchemaIsCreatedWithoutFlywayAndRecordedAsFlywayRecordsIt() throws SQLException {
        try (AdapterConnection store = connect()) {
            TenantRepositories t = store.bind(scope("t_cold_a"));
            t.users().create(NewUser.of("ana@acme.io", null));
            assertThat(t.users().getByEmail("ana@acme.io")).isPresent();
        }
        assertThat(flywayLog.list).as("Flyway log lines while cold-starting").isEmpty();
        // the same scripts run by Flyway itself on another schema
        flyway("t_flyway_b", BUNDLED).load().migrate();
        List<String> cold = history("t_cold_a");
        assertThat(cold).isEqualTo(history("t_flyway_b"));
        assertThat(cold.get(0)).startsWith("0|null|<< Flyway Schema Creation >>|SCHEMA|\"<schema>\"|null|");
        assertThat(cold).hasSizeGreaterThan(1);
    }

    @Test
    void flywayValidatesAColdStartedSchemaAndAppliesANewerScriptOnTop() throws SQLException {
        TenantScope scope = scope("t_cold_up");
        try (AdapterConnection store = connect()) {
            store.bind(scope).users().create(NewUser.of("ana@acme.io", null));
        }
        ValidateResult valid = flyway("t_cold_up", BUNDLED).load().validateWithResult();
        assertThat(valid.validationSuccessful).as(String.valueOf(valid.invalidMigrations)).isTrue();
        MigrateResult up = flyway("t_cold_up", BUNDLED, "classpath:coldstart-next").load().migrate();
        assertThat(up.migrationsExecuted).isEqualTo(1);
        assertThat(up.targetSchemaVersion).isEqualTo("900");
        // and the store keeps serving the schema after the upgrade, through its usual path
        try (AdapterConnection store = connect()) {
            assertThat(store.bind(scope).users().getByEmail("ana@acme.io")).isPresent();
        }
        try (Connection c = PgTestSupport.admin(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_catalog.to_regclass('t_cold_up.ts_newer_release') IS NOT NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }

    @Test
    void anExistingSchemaIsLeftToFlyway() throws SQLException {
        try (Connection c = PgTestSupport.admin(database); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA t_cold_existing");
            st.execute("CREATE TABLE t_cold_existing.app_table (x int)");
        }
        try (AdapterConnection store = connect()) {
            store.bind(scope("t_cold_existing")).users().create(NewUser.of("ana@acme.io", null));
        }
        assertThat(flywayLog.list).as("Flyway ran for the existing schema").isNotEmpty();
        // Flyway baselined it at 0 (it held a table already), then migrated
        assertThat(history("t_cold_existing").get(0)).contains("|BASELINE|");
    }

    @Test
    void concurrentColdStartsOfManySchemasAllSucceedAndStaySeparate() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (AdapterConnection store = connect()) {
            List<Future<String>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String schema = "t_cold_many_" + i;
                Callable<String> call = () -> {
                    TenantRepositories t = store.bind(scope(schema));
                    t.users().create(NewUser.of(schema + "@acme.io", null));
                    return t.users().getByEmail(schema + "@acme.io").orElseThrow().user().email();
                };
                done.add(pool.submit(call));
            }
            for (int i = 0; i < 8; i++) {
                assertThat(done.get(i).get()).isEqualTo("t_cold_many_" + i + "@acme.io");
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 8; i++) {
            try (Connection c = PgTestSupport.admin(database); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM t_cold_many_" + i + ".ts_users")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
    }

    /**
     * With the application's own migrations, the instance that did not create the schema still
     * runs Flyway for them, for a history table the new schema does not have yet (on PostgreSQL
     * Flyway's own locking also holds here; on MySQL/MariaDB it does not, see MysqlColdStartIT).
     */
    @Test
    void twoInstancesWithTheirOwnMigrationsBindingTheSameNewSchemaAtOnceBothServeIt() throws Exception {
        int[] n = {0};
        NewTargetRace.bothInstancesServeIt(() -> connect(List.of("classpath:db/it/app")), () -> "t_race_app_" + n[0]++,
                this::bothHistories, 6);
    }

    @Test
    void twoInstancesBindingTheSameNewSchemaAtOnceBothServeIt() throws Exception {
        int[] n = {0};
        NewTargetRace.bothInstancesServeIt(this::connect, () -> "t_race_" + n[0]++, this::history, 6);
    }
}

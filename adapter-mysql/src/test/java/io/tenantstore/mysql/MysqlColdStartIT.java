package io.tenantstore.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A brand-new tenant database (MySQL/MariaDB {@code schema} isolation) is created and brought to
 * the current version without Flyway, recorded as Flyway records it, validated by Flyway and
 * migrated by it on top.
 */
class MysqlColdStartIT {
    private static final String BUNDLED = "classpath:db/tenantstore/mysql";
    private String database;
    private final List<String> tenantDatabases = new ArrayList<>();
    private final ListAppender<ILoggingEvent> flywayLog = new ListAppender<>();
    private final Logger flyway = (Logger) LoggerFactory.getLogger("org.flywaydb");
    private Level flywayLevel;

    @BeforeEach
    void setUp() {
        database = MysqlTestSupport.createDatabase("my_it_cold");
        flywayLevel = flyway.getLevel();
        flyway.setLevel(Level.DEBUG);
        flywayLog.start();
        flyway.addAppender(flywayLog);
    }

    @AfterEach
    void tearDown() {
        flyway.detachAppender(flywayLog);
        flyway.setLevel(flywayLevel);
        tenantDatabases.add(database);
        MysqlTestSupport.dropDatabases(tenantDatabases.toArray(String[]::new));
    }

    private String tenantDatabase(String prefix) {
        String name = MysqlTestSupport.uniqueName(prefix);
        tenantDatabases.add(name);
        return name;
    }

    private AdapterConnection connect() {
        return connect(database, Isolation.SCHEMA, List.of());
    }

    private static AdapterConnection connect(String database, Isolation isolation, List<String> ownMigrations) {
        return new MysqlAdapter().connect(new AdapterConfig(MysqlTestSupport.config(database, isolation, false).build(),
                Clock.systemUTC(), Runnable::run, new FakePasswordHasher(), ownMigrations));
    }

    private FluentConfiguration flyway(String schema, String... locations) {
        var server = MysqlTestSupport.server();
        return Flyway.configure().dataSource(MysqlTestSupport.urlOf(database), server.username(),
                        server.password() == null ? "" : server.password())
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
        try (Connection c = MysqlTestSupport.open(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT installed_rank, version, description, type, script, checksum,"
                     + " installed_by, success FROM `" + schema + "`." + table + " ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                        + rs.getString(5).replace(schema, "<schema>") + "|" + rs.getObject(6) + "|" + rs.getString(7)
                        + "|" + rs.getBoolean(8));
            }
        }
        return rows;
    }

    @Test
    void aNewDatabaseIsCreatedWithoutFlywayAndRecordedAsFlywayRecordsIt() throws SQLException {
        String cold = tenantDatabase("my_cold_a");
        try (AdapterConnection store = connect()) {
            TenantRepositories t = store.bind(new TenantScope(UUID.randomUUID().toString(), "a", Isolation.SCHEMA, cold));
            t.users().create(NewUser.of("ana@acme.io", null));
            assertThat(t.users().getByEmail("ana@acme.io")).isPresent();
        }
        assertThat(flywayLog.list).as("Flyway log lines while cold-starting").isEmpty();
        String byFlyway = tenantDatabase("my_flyway_b");
        flyway(byFlyway, BUNDLED).load().migrate();
        assertThat(history(cold)).isEqualTo(history(byFlyway)).hasSizeGreaterThan(1);
    }

    @Test
    void flywayValidatesAColdStartedDatabaseAndAppliesANewerScriptOnTop() throws SQLException {
        String cold = tenantDatabase("my_cold_up");
        TenantScope scope = new TenantScope(UUID.randomUUID().toString(), "up", Isolation.SCHEMA, cold);
        try (AdapterConnection store = connect()) {
            store.bind(scope).users().create(NewUser.of("ana@acme.io", null));
        }
        ValidateResult valid = flyway(cold, BUNDLED).load().validateWithResult();
        assertThat(valid.validationSuccessful).as(String.valueOf(valid.invalidMigrations)).isTrue();
        MigrateResult up = flyway(cold, BUNDLED, "classpath:coldstart-next").load().migrate();
        assertThat(up.migrationsExecuted).isEqualTo(1);
        try (AdapterConnection store = connect()) {
            assertThat(store.bind(scope).users().getByEmail("ana@acme.io")).isPresent();
        }
    }

    /**
     * With the application's own migrations the instance that finds the database made still runs
     * Flyway for them, into a history table the other instance may be creating.
     */
    @Test
    void twoInstancesWithTheirOwnMigrationsBindingTheSameNewDatabaseAtOnceBothServeIt() throws Exception {
        NewTargetRace.bothInstancesServeIt(() -> connect(database, Isolation.SCHEMA, List.of("classpath:db/it/app")),
                () -> tenantDatabase("my_cold_race_app"), this::bothHistories, 6);
    }

    /**
     * MySQL commits CREATE DATABASE at once: without a lock the second instance finds the database
     * half-built and runs Flyway into the history table the first is still writing (failed 2 of 2
     * runs before the lock).
     */
    @Test
    void twoInstancesBindingTheSameNewDatabaseAtOnceBothServeIt() throws Exception {
        NewTargetRace.bothInstancesServeIt(this::connect, () -> tenantDatabase("my_cold_race"), this::history, 6);
    }

    /**
     * Database isolation: a new, empty tenant database gets no cold start, Flyway migrates it; two
     * instances meeting it at once both run Flyway into a history table neither has made yet.
     */
    @Test
    void twoInstancesMeetingTheSameNewTenantDatabaseAtOnceBothServeIt() throws Exception {
        NewTargetRace.bothInstancesServeNewDatabases(db -> connect(db, Isolation.DATABASE, List.of()), () -> {
            String db = MysqlTestSupport.createDatabase("my_race_db");
            tenantDatabases.add(db);
            return db;
        }, this::history, 6);
    }
}

package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
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
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A target already at the latest bundled version is recognised by one query and Flyway is not
 * started for it (docs/operations.md); a target behind, or with no history, still gets Flyway.
 */
class PostgresMigrationSkipIT {
    private String database;
    private final ListAppender<ILoggingEvent> flywayLog = new ListAppender<>();
    private final Logger flyway = (Logger) LoggerFactory.getLogger("org.flywaydb");
    private Level flywayLevel;

    @BeforeEach
    void setUp() throws java.sql.SQLException {
        database = PgTestSupport.createDatabase("pg_it_skip", null);
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
        return new PostgresAdapter().connect(new AdapterConfig(PgTestSupport.config(database, Isolation.SCHEMA).build(),
                Clock.systemUTC(), Runnable::run, new FakePasswordHasher(), List.of()));
    }

    private long flywayEvents() {
        return flywayLog.list.size();
    }

    @Test
    void aCurrentSchemaIsBoundWithoutStartingFlyway() {
        TenantScope scope = new TenantScope(UUID.randomUUID().toString(), "acme", Isolation.SCHEMA, "t_skip_acme");
        try (AdapterConnection first = connect()) {
            first.bind(scope).users().create(NewUser.of("ana@acme.io", null));
        }
        // a brand-new schema is cold-started: the bundled scripts without Flyway (PostgresColdStartIT)
        assertThat(flywayEvents()).as("Flyway log lines while cold-starting a new schema").isZero();

        flywayLog.list.clear();
        try (AdapterConnection second = connect()) {
            // A new connection (a restarted process) binds the same, already current schema.
            assertThat(second.bind(scope).users().getByEmail("ana@acme.io")).isPresent();
        }
        assertThat(flywayEvents()).as("Flyway log lines while binding a current schema").isZero();
    }

    @Test
    void aSchemaWithAFailedHistoryEntryStillGetsFlyway() throws Exception {
        TenantScope scope = new TenantScope(UUID.randomUUID().toString(), "acme", Isolation.SCHEMA, "t_skip_failed");
        try (AdapterConnection first = connect()) {
            first.bind(scope);
        }
        try (var c = java.sql.DriverManager.getConnection(PgTestSupport.urlOf(database), PgTestSupport.adminUser(),
                PgTestSupport.adminPassword()); var st = c.createStatement()) {
            st.execute("UPDATE t_skip_failed.ts_schema_history SET success = false WHERE version = '1'");
        }
        flywayLog.list.clear();
        try (AdapterConnection second = connect()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> second.bind(scope))
                    .isInstanceOf(io.tenantstore.MigrationException.class);
        }
        assertThat(flywayEvents()).as("Flyway was started and reported the failure").isPositive();
    }
}

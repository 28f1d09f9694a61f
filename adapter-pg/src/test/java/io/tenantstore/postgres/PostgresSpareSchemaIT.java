package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tenantstore.DbConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.model.NewUser;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spare schemas: created ahead of need, taken by a new tenant with a rename, recorded so that
 * Flyway validates and upgrades the tenant's schema; never shared by two racing processes; those
 * of an older release dropped; a cold start that fails midway leaves nothing. Refills run on the
 * calling thread here (the adapter's executor is {@code Runnable::run}), so the stock is known
 * after every call.
 */
class PostgresSpareSchemaIT {
    private static final String BUNDLED = "classpath:db/tenantstore/postgresql";
    private String database;

    @BeforeEach
    void setUp() throws SQLException {
        database = PgTestSupport.createDatabase("pg_it_spare", null);
    }

    @AfterEach
    void tearDown() {
        PgTestSupport.dropDatabase(database);
    }

    private AdapterConnection connect(int spares) {
        DbConfig db = PgTestSupport.config(database, Isolation.SCHEMA).spareSchemas(spares).build();
        return new PostgresAdapter().connect(new AdapterConfig(db, Clock.systemUTC(), Runnable::run,
                new FakePasswordHasher(), List.of()));
    }

    private static TenantScope scope(String schema) {
        return new TenantScope(UUID.randomUUID().toString(), schema, Isolation.SCHEMA, schema);
    }

    private List<String> spares() throws SQLException {
        return names("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'ts!_spare!_%' ESCAPE '!' ORDER BY 1");
    }

    private List<String> names(String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = PgTestSupport.admin(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private String comment(String schema) throws SQLException {
        try (Connection c = PgTestSupport.admin(database); PreparedStatement ps = c.prepareStatement(
                "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("schema %s exists", schema).isTrue();
                return rs.getString(1);
            }
        }
    }

    private boolean exists(String schema) throws SQLException {
        return names("SELECT nspname FROM pg_namespace WHERE nspname = '" + schema + "'").size() == 1;
    }

    private List<String> history(String schema) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = PgTestSupport.admin(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT installed_rank, version, description, type, script, checksum,"
                     + " success FROM \"" + schema + "\".ts_schema_history ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                        + rs.getString(5).replace(schema, "<schema>") + "|" + rs.getObject(6) + "|"
                        + rs.getBoolean(7));
            }
        }
        return rows;
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration flyway(String schema, String... locations) {
        return Flyway.configure().dataSource(PgTestSupport.urlOf(database), PgTestSupport.adminUser(),
                        PgTestSupport.adminPassword())
                .schemas(schema).createSchemas(true).table("ts_schema_history").locations(locations)
                .baselineOnMigrate(true).baselineVersion("0").failOnMissingLocations(true);
    }

    @Test
    void aNewTenantTakesASpareWhichFlywayThenValidatesAndUpgrades() throws SQLException {
        try (AdapterConnection store = connect(2)) {
            List<String> before = spares();
            assertThat(before).hasSize(2).allSatisfy(n -> assertThat(n).startsWith(DbConfig.SPARE_SCHEMA_PREFIX));
            TenantRepositories t = store.bind(scope("t_spare_a"));
            t.users().create(NewUser.of("ana@acme.io", null));
            assertThat(t.users().getByEmail("ana@acme.io")).isPresent();
            List<String> after = spares();
            // one of the two was renamed to the tenant's schema, and the stock was refilled
            assertThat(after).hasSize(2).containsAnyElementsOf(before).isNotEqualTo(before);
            assertThat(comment("t_spare_a")).startsWith("TenantStore: created in advance");
        }
        // the history reads as if Flyway had created this very schema
        flyway("t_flyway_b", BUNDLED).load().migrate();
        List<String> fromSpare = history("t_spare_a");
        assertThat(fromSpare).isEqualTo(history("t_flyway_b"));
        assertThat(fromSpare.get(0)).startsWith("0|null|<< Flyway Schema Creation >>|SCHEMA|\"<schema>\"|");
        ValidateResult valid = flyway("t_spare_a", BUNDLED).load().validateWithResult();
        assertThat(valid.validationSuccessful).as(String.valueOf(valid.invalidMigrations)).isTrue();
        MigrateResult up = flyway("t_spare_a", BUNDLED, "classpath:coldstart-next").load().migrate();
        assertThat(up.migrationsExecuted).isEqualTo(1);
    }

    @Test
    void withAnOwnerLoginSparesBelongToTheOwnerAndTheRuntimeLoginGetsItsRightsOnTheClaimedSchema()
            throws SQLException {
        String owner = "ts_sp_it_owner";
        String runtime = "ts_sp_it_runtime";
        try (Connection c = PgTestSupport.admin(); Statement st = c.createStatement()) {
            for (String role : List.of(owner, runtime)) {
                st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN"
                        + " CREATE ROLE " + role + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
                        + " PASSWORD '" + role + "'; END IF; END $$");
            }
        }
        try (Connection c = PgTestSupport.admin(); Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE " + database + " OWNER TO " + owner);
        }
        DbConfig db = DbConfig.builder("postgres", PgTestSupport.urlOf(database)).isolation(Isolation.SCHEMA)
                .username(runtime).password(io.tenantstore.Secret.of(runtime))
                .owner(new io.tenantstore.OwnerLogin(owner, io.tenantstore.Secret.of(owner))).spareSchemas(1).build();
        try (AdapterConnection store = new PostgresAdapter().connect(new AdapterConfig(db, Clock.systemUTC(),
                Runnable::run, new FakePasswordHasher(), List.of()))) {
            assertThat(names("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'ts!_spare!_%' ESCAPE '!'"
                    + " AND pg_get_userbyid(nspowner) = '" + owner + "'")).hasSize(1);
            TenantRepositories t = store.bind(scope("t_spare_owned"));
            t.users().create(NewUser.of("ana@acme.io", null));
            assertThat(t.users().getByEmail("ana@acme.io")).isPresent();
            assertThat(comment("t_spare_owned")).startsWith("TenantStore: created in advance");
        }
    }

    @Test
    void noTenantIsBoundToASpareSchemaName() {
        // a claimed spare is handed to a new tenant as it is: no tenant may have written into one before
        try (AdapterConnection store = connect(1)) {
            assertThatThrownBy(() -> store.bind(scope(DbConfig.SPARE_SCHEMA_PREFIX + "7_0badc0de_x")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("reserved for spare schemas");
        }
    }

    @Test
    void withoutSparesNoneIsMadeAndTheSchemaIsCreatedInFull() throws SQLException {
        try (AdapterConnection store = connect(0)) {
            store.bind(scope("t_spare_off")).users().create(NewUser.of("ana@acme.io", null));
        }
        assertThat(spares()).isEmpty();
        assertThat(comment("t_spare_off")).isNull();
    }

    @Test
    void sparesOfAnOlderReleaseAreDroppedThoseOfANewerOneKept() throws SQLException {
        try (Connection c = PgTestSupport.admin(database); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA ts_spare_1_0badc0de_0123456789");
            st.execute("CREATE SCHEMA ts_spare_999_0badc0de_0123456789");
        }
        try (AdapterConnection store = connect(1)) {
            List<String> spares = spares();
            assertThat(spares).doesNotContain("ts_spare_1_0badc0de_0123456789")
                    .contains("ts_spare_999_0badc0de_0123456789").hasSize(2);
            // the newer release's spare is not this one's: a new tenant takes the current one
            store.bind(scope("t_spare_v")).users().create(NewUser.of("ana@acme.io", null));
            assertThat(comment("t_spare_v")).startsWith("TenantStore: created in advance");
            assertThat(spares()).contains("ts_spare_999_0badc0de_0123456789").hasSize(2);
        }
    }

    @Test
    void aBrokenSpareIsDroppedAndTheTenantGetsAFullSchema() throws SQLException {
        try (AdapterConnection store = connect(1)) {
            String spare = spares().get(0);
            try (Connection c = PgTestSupport.admin(database); Statement st = c.createStatement()) {
                st.execute("DROP TABLE \"" + spare + "\".ts_schema_history");
            }
            store.bind(scope("t_spare_broken")).users().create(NewUser.of("ana@acme.io", null));
            assertThat(comment("t_spare_broken")).isNull();
            assertThat(spares()).hasSize(1).doesNotContain(spare);
        }
        flyway("t_flyway_b", BUNDLED).load().migrate();
        assertThat(history("t_spare_broken")).isEqualTo(history("t_flyway_b"));
    }

    @Test
    void twoProcessesCreatingTenantsAtOnceNeverShareASpare() throws Exception {
        int tenants = 12;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (AdapterConnection one = connect(3); AdapterConnection two = connect(3)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> done = new ArrayList<>();
            for (int i = 0; i < tenants; i++) {
                String schema = "t_spare_race_" + i;
                AdapterConnection store = i % 2 == 0 ? one : two;
                Callable<String> call = () -> {
                    start.await();
                    TenantRepositories t = store.bind(scope(schema));
                    t.users().create(NewUser.of(schema + "@acme.io", null));
                    return t.users().getByEmail(schema + "@acme.io").orElseThrow().user().email();
                };
                done.add(pool.submit(call));
            }
            start.countDown();
            for (int i = 0; i < tenants; i++) {
                assertThat(done.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("t_spare_race_" + i + "@acme.io");
            }
        } finally {
            pool.shutdownNow();
        }
        int fromSpares = 0;
        for (int i = 0; i < tenants; i++) {
            String schema = "t_spare_race_" + i;
            try (Connection c = PgTestSupport.admin(database); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT email FROM " + schema + ".ts_users")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(schema + "@acme.io");
                assertThat(rs.next()).as("one user in %s", schema).isFalse();
            }
            if (comment(schema) != null) {
                fromSpares++;
            }
            assertThat(flyway(schema, BUNDLED).load().validateWithResult().validationSuccessful).isTrue();
        }
        // each process started with its stock of three, so at least three tenants took a spare
        assertThat(fromSpares).isGreaterThanOrEqualTo(3);
        assertThat(names("SELECT nspname FROM pg_namespace WHERE nspname LIKE 't!_spare!_race!_%' ESCAPE '!'"))
                .hasSize(tenants);
    }

    @Test
    void twoProcessesCreatingTheSameTenantAtOnceBothServeOneSchema() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (AdapterConnection one = connect(2); AdapterConnection two = connect(2)) {
            CountDownLatch start = new CountDownLatch(1);
            TenantScope scope = scope("t_spare_same");
            List<Future<TenantRepositories>> done = new ArrayList<>();
            for (AdapterConnection store : List.of(one, two)) {
                done.add(pool.submit(() -> {
                    start.await();
                    return store.bind(scope);
                }));
            }
            start.countDown();
            TenantRepositories a = done.get(0).get(60, TimeUnit.SECONDS);
            TenantRepositories b = done.get(1).get(60, TimeUnit.SECONDS);
            a.users().create(NewUser.of("ana@acme.io", null));
            assertThat(b.users().getByEmail("ana@acme.io")).isPresent();
        } finally {
            pool.shutdownNow();
        }
        assertThat(flyway("t_spare_same", BUNDLED).load().validateWithResult().validationSuccessful).isTrue();
    }

    /** Makes the next DDL creating an index named like {@code pattern} fail, once (a sequence is not rolled back). */
    private void failOnce(String pattern) throws SQLException {
        try (Connection c = PgTestSupport.admin(database); Statement st = c.createStatement()) {
            st.execute("CREATE SEQUENCE public.fail_once");
            st.execute("CREATE FUNCTION public.fail_once() RETURNS event_trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands()"
                    + " WHERE object_identity LIKE '" + pattern + "' ESCAPE '!')"
                    + " AND nextval('public.fail_once') = 1"
                    + " THEN RAISE EXCEPTION 'refused once for the test'; END IF; END $$");
            st.execute("CREATE EVENT TRIGGER fail_once ON ddl_command_end EXECUTE FUNCTION public.fail_once()");
        }
    }

    private long failures() throws SQLException {
        try (Connection c = PgTestSupport.admin(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT last_value FROM public.fail_once WHERE is_called")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Test
    void aColdStartFailingMidwayLeavesNothingAndFlywayThenCreatesTheSchema() throws SQLException {
        // the last index of the bundled scripts fails in the cold start's transaction
        failOnce("%t!_spare!_fail.ts!_users!_family!_name!_ix");
        try (AdapterConnection store = connect(0)) {
            store.bind(scope("t_spare_fail")).users().create(NewUser.of("ana@acme.io", null));
        }
        // the cold start's attempt (refused), then Flyway's (let through)
        assertThat(failures()).isEqualTo(2);
        // Flyway found no schema: a half-made one (tables, no history) would have been baselined
        // at 0 and then failed on its first CREATE TABLE
        flyway("t_flyway_b", BUNDLED).load().migrate();
        assertThat(history("t_spare_fail")).isEqualTo(history("t_flyway_b"));
    }

    @Test
    void aSpareCreationFailingMidwayLeavesNoSpare() throws SQLException {
        failOnce("ts!_spare!_%.ts!_users!_family!_name!_ix");
        try (AdapterConnection store = connect(2)) {
            // the first refill failed (logged) and left neither a spare nor a half-made one
            assertThat(failures()).isEqualTo(1);
            assertThat(spares()).isEmpty();
            assertThat(names("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg!_%' ESCAPE '!'"
                    + " AND nspname NOT IN ('public', 'information_schema')")).isEmpty();
            // a tenant is then created in full, and the refill after it succeeds
            store.bind(scope("t_spare_full")).users().create(NewUser.of("ana@acme.io", null));
            assertThat(comment("t_spare_full")).isNull();
            assertThat(spares()).hasSize(2);
        }
    }
}

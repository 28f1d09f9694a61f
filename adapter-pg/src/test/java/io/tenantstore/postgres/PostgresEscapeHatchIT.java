package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.Isolation;
import io.tenantstore.MigrationException;
import io.tenantstore.MigrationMode;
import io.tenantstore.OwnerLogin;
import io.tenantstore.PoolSettings;
import io.tenantstore.RowSecurityMode;
import io.tenantstore.Secret;
import io.tenantstore.StoreException;
import io.tenantstore.jdbc.DriverAccessRefusedException;
import io.tenantstore.jdbc.RowSecurity;
import io.tenantstore.jdbc.SqlDialect;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGConnection;
import org.slf4j.LoggerFactory;

/**
 * The attacks on the raw-SQL escape hatch ({@code unwrap(DataSource/Jdbi)}) and on least
 * privilege, on PostgreSQL: an owner login runs the migrations, the runtime login owns nothing and
 * has no DDL right; a {@code schema} tenant and two {@code shared} tenants share one database and
 * one pool of one connection, so every borrower gets the physical connection the previous one used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresEscapeHatchIT {
    private static final String OWNER = "ts_i9_owner";
    private static final String RUNTIME = "ts_i9_runtime";
    private static final String OTHER_ROLE = "ts_i9_other";

    private String database;
    private AdapterConnection connection;
    private TenantRepositories a;
    private TenantRepositories b;
    private TenantRepositories s;
    private TenantScope scopeB;
    private User userA;
    private User userB;

    @BeforeAll
    void setUp() throws Exception {
        try (Connection c = PgTestSupport.admin(); Statement st = c.createStatement()) {
            for (String role : List.of(OWNER, RUNTIME)) {
                st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN"
                        + " CREATE ROLE " + role + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
                        + " PASSWORD '" + role + "'; END IF; END $$");
            }
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + OTHER_ROLE + "') THEN"
                    + " CREATE ROLE " + OTHER_ROLE + " NOLOGIN; END IF; END $$");
            st.execute("GRANT " + OTHER_ROLE + " TO " + RUNTIME);
        }
        database = PgTestSupport.createDatabase("pg_it_hatch", OWNER);
        try (Connection c = DriverManager.getConnection(PgTestSupport.urlOf(database), PgTestSupport.adminUser(),
                PgTestSupport.adminPassword()); Statement st = c.createStatement()) {
            // PostgreSQL 14 lets everyone create in public: the runtime login must not
            st.execute("ALTER SCHEMA public OWNER TO " + OWNER);
            st.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
        connection = connect(runtimeConfig().build());
        a = connection.bind(new TenantScope(UUID.randomUUID().toString(), "a", Isolation.SHARED, null));
        scopeB = new TenantScope(UUID.randomUUID().toString(), "b", Isolation.SHARED, null);
        b = connection.bind(scopeB);
        s = connection.bind(new TenantScope(UUID.randomUUID().toString(), "s", Isolation.SCHEMA, "t_i9_s"));
        userA = a.users().create(NewUser.of("a@example.com", null));
        userB = b.users().create(NewUser.of("b@example.com", null));
        s.users().create(NewUser.of("s@example.com", null));
    }

    @AfterAll
    void tearDown() {
        if (connection != null) {
            connection.close();
        }
        PgTestSupport.dropDatabase(database);
    }

    private DbConfig.Builder runtimeConfig() {
        return DbConfig.builder("postgres", PgTestSupport.urlOf(database)).isolation(Isolation.SHARED)
                .username(RUNTIME).password(Secret.of(RUNTIME))
                .owner(new OwnerLogin(OWNER, Secret.of(OWNER)))
                .pool(new PoolSettings(1, 0, Duration.ofSeconds(5)));
    }

    private static AdapterConnection connect(DbConfig db) {
        return new PostgresAdapter().connect(new AdapterConfig(db, Clock.systemUTC(), Runnable::run,
                new FakePasswordHasher(), List.of()));
    }

    private static List<String> emails(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT email FROM ts_users ORDER BY email")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static Object one(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    @Test
    void aSchemaTenantsUnqualifiedSqlReadsItsOwnSchemaOnly() throws SQLException {
        List<String> viaJdbi = s.unwrap(Jdbi.class).orElseThrow().withHandle(h -> h.createQuery(
                "SELECT email FROM ts_users").mapTo(String.class).list());
        assertThat(viaJdbi).containsExactly("s@example.com");
        assertThat(emails(s.unwrap(DataSource.class).orElseThrow())).containsExactly("s@example.com");
        // and the search path does not stay on the connection for the shared tenants after it
        assertThat(emails(a.unwrap(DataSource.class).orElseThrow())).containsExactly("a@example.com");
        assertThat(a.users().getByEmail("a@example.com")).isPresent();
    }

    @Test
    void settingTheTenantToAnotherTenantsIdFindsNothingOfIt() throws SQLException {
        DataSource ds = a.unwrap(DataSource.class).orElseThrow();
        for (String forged : List.of(scopeB.tenantId(), scopeB.tenantId() + ".00", scopeB.tenantId() + "."
                + "0".repeat(64))) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("SET app.tenant_id = '" + forged + "'");
                assertReachesNothingOfB(c, forged);
                // the function that enters a tenant refuses a value the store did not sign (before
                // PostgreSQL 15 it sets it, and the policies' own check finds it unsigned)...
                try (PreparedStatement ps = c.prepareStatement("SELECT ts_rls_enter(?)")) {
                    ps.setString(1, forged);
                    if (PgTestSupport.sequencesHoldTheTenant(c)) {
                        assertThatThrownBy(ps::execute).isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                    } else {
                        ps.execute();
                    }
                }
                // ...and leaves the session in no tenant at all
                if (PgTestSupport.sequencesHoldTheTenant(c)) {
                    assertThatThrownBy(() -> st.executeQuery("SELECT count(*) FROM ts_users"))
                            .as("after a refused enter: %s", forged).isInstanceOf(SQLException.class)
                            .hasMessageContaining("currval");
                } else {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ts_users")) {
                        rs.next();
                        assertThat(rs.getLong(1)).as("after a refused enter: %s", forged).isZero();
                    }
                }
            }
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("RESET app.tenant_id");
            assertReachesNothingOfB(c, "after RESET");
        }
        assertThat(b.users().getById(userB.id()).orElseThrow().displayName()).isNull();
    }

    /** @return a superuser connection to this test's database */
    private Connection adminOfDatabase() throws SQLException {
        return DriverManager.getConnection(PgTestSupport.urlOf(database), PgTestSupport.adminUser(),
                PgTestSupport.adminPassword());
    }

    private static boolean canSwitch(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_catalog.to_regprocedure('ts_rls_switch(bigint,bigint)') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * @return whether the database has marked sessions (PostgreSQL 15 and later); before that every
     *         change of tenant is a signed entry, and this asserts there is nothing to switch
     */
    private static boolean marksSessions(Connection admin) throws SQLException {
        boolean marks = PgTestSupport.sequencesHoldTheTenant(admin);
        assertThat(canSwitch(admin)).isEqualTo(marks);
        return marks;
    }

    @Test
    void theStoreMovesItsOwnConnectionBetweenTenantsWithoutTheSignedEntry() throws SQLException {
        try (Connection admin = adminOfDatabase(); Statement st = admin.createStatement()) {
            if (!marksSessions(admin)) {
                return;
            }
            // the pool's one connection proves once that the store holds it
            assertThat(a.users().getById(userA.id())).isPresent();
            assertThat(b.users().getById(userB.id())).isPresent();
            st.execute("REVOKE EXECUTE ON FUNCTION ts_rls_enter(text), ts_rls_enter_store(text, text) FROM PUBLIC");
            // overloads a login allowed to create in the schema could plant: for the driver's varchar
            // parameters (the store's calls name text), and a wider switch (the store's calls name int8)
            for (String decoy : List.of("ts_rls_switch(hi numeric, lo numeric)", "ts_rls_switch(v varchar)",
                    "ts_rls_enter(v varchar)", "ts_rls_enter_store(v varchar, w varchar)")) {
                st.execute("CREATE FUNCTION " + decoy + " RETURNS void LANGUAGE sql AS 'SELECT 1 / 0'");
            }
            try {
                // from then on its changes of tenant need neither: they switch the marked session
                for (int i = 0; i < 4; i++) {
                    assertThat(a.users().getById(userA.id())).isPresent();
                    assertThat(a.users().getById(userB.id())).isEmpty();
                    assertThat(b.users().getById(userB.id())).isPresent();
                    assertThat(b.users().getById(userA.id())).isEmpty();
                }
                st.execute("REVOKE EXECUTE ON FUNCTION ts_rls_switch(bigint, bigint) FROM PUBLIC");
                // and a switch is what they use: without it the next change of tenant fails
                assertThatThrownBy(() -> a.users().getById(userA.id())).isInstanceOf(StoreException.class);
            } finally {
                st.execute("GRANT EXECUTE ON FUNCTION ts_rls_enter(text), ts_rls_enter_store(text, text),"
                        + " ts_rls_switch(bigint, bigint) TO PUBLIC");
                st.execute("DROP FUNCTION ts_rls_switch(numeric, numeric), ts_rls_switch(varchar), ts_rls_enter(varchar),"
                        + " ts_rls_enter_store(varchar, varchar)");
            }
            assertThat(a.users().getById(userA.id())).isPresent();
            assertThat(b.users().getById(userA.id())).isEmpty();
        }
    }

    @Test
    void aBorrowedConnectionCannotSwitchTenantsTheWayTheStoreDoes() throws SQLException {
        UUID idB = UUID.fromString(scopeB.tenantId());
        try (Connection admin = adminOfDatabase(); Statement adm = admin.createStatement()) {
            if (!marksSessions(admin)) {
                return;
            }
            // the store's calls leave the pool's one connection marked as the store's, in tenant B
            assertThat(a.users().getById(userA.id())).isPresent();
            assertThat(b.users().getById(userB.id())).isPresent();
            // even with a blanket grant on the schema's sequences, nextval() cannot forge the mark
            adm.execute("GRANT USAGE, SELECT ON SEQUENCE ts_rls_store TO " + RUNTIME);
            try (Connection c = a.unwrap(DataSource.class).orElseThrow().getConnection();
                 Statement st = c.createStatement()) {
                // lending it removed the mark: switching is refused, whatever was done to the sequence
                assertThatThrownBy(() -> st.execute("SELECT ts_rls_switch('" + idB + "')"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("ts_rls_store");
                st.execute("SELECT nextval('ts_rls_store')");
                assertThatThrownBy(() -> st.execute("SELECT ts_rls_switch('" + idB + "')"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("not entered by the store");
                assertThatThrownBy(() -> st.execute("SELECT ts_rls_switch(" + idB.getMostSignificantBits() + ", "
                        + idB.getLeastSignificantBits() + ")"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("not entered by the store");
                assertReachesNothingOfB(c, "a switch after nextval");
                // nor can it mark itself: a proof needs the key, whatever challenge it asks for
                for (String forged : List.of("repeat('0', 64)", "'" + scopeB.tenantId() + "'",
                        "encode(sha256(convert_to(':store:' || currval('ts_rls_challenge'), 'UTF8')), 'hex')")) {
                    st.execute("SELECT ts_rls_store_challenge()");
                    assertThatThrownBy(() -> st.execute("SELECT ts_rls_enter_store('" + scopeB.tenantId() + "', "
                            + forged + ")")).as(forged).isInstanceOf(SQLException.class);
                    assertThatThrownBy(() -> st.execute("SELECT ts_rls_switch('" + idB + "')")).as(forged)
                            .isInstanceOf(SQLException.class);
                }
            } finally {
                adm.execute("REVOKE ALL ON SEQUENCE ts_rls_store FROM " + RUNTIME);
            }
            // the store's next calls prove the connection again and stay in their tenants
            assertThat(a.users().getById(userA.id())).isPresent();
            assertThat(a.users().getById(userB.id())).isEmpty();
            assertThat(b.users().getById(userB.id())).isPresent();
        }
    }

    @Test
    void aProofAnswersOneChallengeOfOneSessionOnce() throws SQLException {
        try (Connection admin = adminOfDatabase(); Statement adm = admin.createStatement()) {
            if (!marksSessions(admin)) {
                return;
            }
            String key;
            try (ResultSet rs = adm.executeQuery("SELECT secret FROM ts_rls_key WHERE id = 1")) {
                rs.next();
                key = rs.getString(1);
            }
            String tenantB = RowSecurity.signedTenant(key, scopeB.tenantId());
            // the runtime login on connections of its own, as an attacker holding logged values would be
            try (Connection c = DriverManager.getConnection(PgTestSupport.urlOf(database), RUNTIME, RUNTIME);
                 Connection other = DriverManager.getConnection(PgTestSupport.urlOf(database), RUNTIME, RUNTIME)) {
                long first = challenge(c);
                assertRefused(c, tenantB, RowSecurity.storeProof(key, first + 1), "signed by this store");
                // the refusal used the challenge up: its right proof comes too late
                assertRefused(c, tenantB, RowSecurity.storeProof(key, first), "ts_rls_challenge");
                assertRefused(c, tenantB, RowSecurity.storeProof(key + "x", challenge(c)), "signed by this store");
                long granted = challenge(c);
                String proof = RowSecurity.storeProof(key, granted);
                // a proof works only in the session it answers: not in another one, whatever its challenge
                assertRefused(other, tenantB, proof, "ts_rls_challenge");
                challenge(other);
                assertRefused(other, tenantB, proof, "signed by this store");
                // the tenant value was good, the proof was not: the session is left in no tenant at all
                try (Statement st = other.createStatement()) {
                    assertThatThrownBy(() -> st.executeQuery("SELECT count(*) FROM ts_users"))
                            .isInstanceOf(SQLException.class).hasMessageContaining("currval");
                }
                // the right proof marks the session: the refusals above were about the values
                enterStore(c, tenantB, proof);
                try (Statement st = c.createStatement()) {
                    // the id's two halves (what the store sends) switch to another tenant: nothing of B
                    UUID elsewhere = UUID.randomUUID();
                    st.execute("SELECT ts_rls_switch(" + elsewhere.getMostSignificantBits() + ", "
                            + elsewhere.getLeastSignificantBits() + ")");
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ts_users")) {
                        rs.next();
                        assertThat(rs.getLong(1)).isZero();
                    }
                    // and the id's text (what an older release of the store sends) switches the same way
                    st.execute("SELECT ts_rls_switch('" + scopeB.tenantId() + "')");
                    try (ResultSet rs = st.executeQuery("SELECT email FROM ts_users")) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("b@example.com");
                        assertThat(rs.next()).isFalse();
                    }
                    assertThatThrownBy(() -> st.execute("SELECT ts_rls_switch(NULL)")).isInstanceOf(SQLException.class)
                            .hasMessageContaining("no tenant");
                    assertThatThrownBy(() -> st.execute("SELECT ts_rls_switch(NULL::bigint, 1)"))
                            .isInstanceOf(SQLException.class).hasMessageContaining("no tenant");
                    assertThatThrownBy(() -> st.execute("SELECT ts_rls_switch(1, NULL::bigint)"))
                            .isInstanceOf(SQLException.class).hasMessageContaining("no tenant");
                    // entering with a signed tenant value (what a lent connection gets) drops the mark
                    st.execute("SELECT ts_rls_enter('" + tenantB + "')");
                    assertThatThrownBy(() -> st.execute("SELECT ts_rls_switch('" + userA.id() + "')"))
                            .isInstanceOf(SQLException.class).hasMessageContaining("ts_rls_store");
                    assertThatThrownBy(() -> st.execute("SELECT ts_rls_switch(" + elsewhere.getMostSignificantBits()
                            + ", " + elsewhere.getLeastSignificantBits() + ")"))
                            .isInstanceOf(SQLException.class).hasMessageContaining("ts_rls_store");
                }
                // and the used proof does not mark the session a second time
                assertRefused(c, tenantB, proof, "ts_rls_challenge");
            }
        }
    }

    private static long challenge(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT ts_rls_store_challenge()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void enterStore(Connection c, String tenant, String proof) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ts_rls_enter_store(?, ?)")) {
            ps.setString(1, tenant);
            ps.setString(2, proof);
            ps.execute();
        }
    }

    private static void assertRefused(Connection c, String tenant, String proof, String why) throws SQLException {
        assertThatThrownBy(() -> enterStore(c, tenant, proof)).isInstanceOf(SQLException.class).hasMessageContaining(why);
        UUID elsewhere = UUID.randomUUID();
        try (Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("SELECT ts_rls_switch('" + elsewhere + "')"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> st.execute("SELECT ts_rls_switch(" + elsewhere.getMostSignificantBits() + ", "
                    + elsewhere.getLeastSignificantBits() + ")")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("ts_rls_store");
        }
    }

    @Test
    void aRuntimeLoginThatInheritsTheRightToReadTheKeySetTheTenantOrPlantFunctionsIsRefused() throws SQLException {
        try (Connection admin = adminOfDatabase(); Statement st = admin.createStatement()) {
            boolean sequences = PgTestSupport.sequencesHoldTheTenant(admin);
            // granted to a role the runtime login belongs to: the store's own REVOKE (on the login) misses it
            st.execute("GRANT SELECT (secret) ON ts_rls_key TO " + OTHER_ROLE);
            // and not even inherited: the login can still SET ROLE to it from raw SQL
            st.execute("ALTER ROLE " + RUNTIME + " NOINHERIT");
            st.execute("GRANT CREATE ON SCHEMA public TO " + OTHER_ROLE);
            if (sequences) {
                st.execute("GRANT UPDATE ON SEQUENCE ts_rls_tenant_hi, ts_rls_store TO " + OTHER_ROLE);
            }
            try {
                AdapterConnection refused = connect(runtimeConfig().build());
                try {
                    assertThatThrownBy(() -> refused.bind(new TenantScope(UUID.randomUUID().toString(), "c",
                            Isolation.SHARED, null)))
                            .isInstanceOfSatisfying(StoreException.class,
                                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                            .hasMessageContaining("SELECT on ts_rls_key (as " + OTHER_ROLE + ")")
                            .hasMessageContaining("CREATE on schema public (as " + OTHER_ROLE + ")")
                            .hasMessageContaining(sequences ? "USAGE or UPDATE on ts_rls_tenant_hi (as " + OTHER_ROLE
                                    + ")" : "SELECT on ts_rls_key")
                            .hasMessageContaining(sequences ? "UPDATE on ts_rls_store" : "SELECT on ts_rls_key");
                } finally {
                    refused.close();
                }
                // advisory: accepted, with only the library's filter to rely on
                AdapterConnection advisory = connect(runtimeConfig().rowSecurity(RowSecurityMode.ADVISORY).build());
                try {
                    assertThat(advisory.bind(new TenantScope(scopeB.tenantId(), "b", Isolation.SHARED, null)).users()
                            .getById(userB.id())).isPresent();
                } finally {
                    advisory.close();
                }
            } finally {
                st.execute("REVOKE SELECT (secret) ON ts_rls_key FROM " + OTHER_ROLE);
                st.execute("ALTER ROLE " + RUNTIME + " INHERIT");
                st.execute("REVOKE CREATE ON SCHEMA public FROM " + OTHER_ROLE);
                if (sequences) {
                    st.execute("REVOKE UPDATE ON SEQUENCE ts_rls_tenant_hi, ts_rls_store FROM " + OTHER_ROLE);
                }
            }
        }
    }

    @Test
    void theSessionsTenantCannotBeMovedBySequenceTricks() throws SQLException {
        DataSource ds = a.unwrap(DataSource.class).orElseThrow();
        UUID idB = UUID.fromString(scopeB.tenantId());
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String move : List.of("SELECT setval('ts_rls_tenant_hi', " + idB.getMostSignificantBits() + ")",
                    "SELECT nextval('ts_rls_tenant_lo')", "ALTER SEQUENCE ts_rls_tenant_hi RESTART")) {
                assertThatThrownBy(() -> st.execute(move)).as(move).isInstanceOf(SQLException.class)
                        .hasMessageContaining("ts_rls_tenant_");
            }
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            // a temporary sequence of the same name holds B's id: the policies read the real one
            st.execute("CREATE TEMP SEQUENCE ts_rls_tenant_hi MINVALUE -9223372036854775808");
            st.execute("CREATE TEMP SEQUENCE ts_rls_tenant_lo MINVALUE -9223372036854775808");
            st.execute("SELECT setval('pg_temp.ts_rls_tenant_hi', " + idB.getMostSignificantBits() + ")");
            st.execute("SELECT setval('pg_temp.ts_rls_tenant_lo', " + idB.getLeastSignificantBits() + ")");
            assertReachesNothingOfB(c, "temporary sequences");
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM ts_users WHERE id = ?")) {
                ps.setObject(1, UUID.fromString(userA.id()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("still A's session").isEqualTo(1);
                }
            }
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DISCARD SEQUENCES");
            if (PgTestSupport.sequencesHoldTheTenant(c)) {
                // forgetting the session's values leaves no tenant: statements fail, none reaches a row
                assertThatThrownBy(() -> st.executeQuery("SELECT count(*) FROM ts_users"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("currval");
            } else {
                assertReachesNothingOfB(c, "DISCARD SEQUENCES");
            }
        }
        // the store's next calls enter their tenants again
        assertThat(a.users().getById(userA.id())).isPresent();
        assertThat(b.users().getById(userB.id())).isPresent();
        assertThat(a.users().getById(userB.id())).isEmpty();
    }

    @Test
    void enteringATenantLeaksNoKeyAndFailsClosed() throws SQLException {
        String key;
        try (Connection c = PgTestSupport.admin(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT secret FROM ts_rls_key")) {
            rs.next();
            key = rs.getString(1);
        }
        DataSource ds = a.unwrap(DataSource.class).orElseThrow();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            // temporary types named like the function's own: found in review, the key came back in a
            // cast error when the function resolved "text" through the caller's temporary schema
            st.execute("CREATE DOMAIN pg_temp.text AS integer");
            st.execute("CREATE TEMP TABLE uuid (i int)");
            for (String call : List.of("SELECT ts_rls_enter('x'::pg_catalog.text COLLATE \"C\")",
                    "SELECT ts_rls_enter(NULL::pg_catalog.text)", "SELECT ts_rls_enter('1.x' COLLATE \"POSIX\")")) {
                if (!PgTestSupport.sequencesHoldTheTenant(c)) {
                    st.execute(call); // before PostgreSQL 15: only sets the setting, which the policies check
                    assertReachesNothingOfB(c, call);
                    continue;
                }
                assertThatThrownBy(() -> st.execute(call)).as(call).isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("42501");
                    assertThat(e.getMessage()).doesNotContain(key);
                });
                // no tenant at all, not a nil tenant rows could be written to
                assertThatThrownBy(() -> st.executeUpdate("INSERT INTO ts_roles (tenant_id, id, name, description,"
                        + " system, created_at, updated_at) VALUES ('00000000-0000-0000-0000-000000000000',"
                        + " gen_random_uuid(), 'x', '', false, now(), now())")).as("after " + call)
                        .isInstanceOf(SQLException.class).hasMessageContaining("currval");
            }
        }
        assertThat(a.users().getById(userA.id())).isPresent();
    }

    private void assertReachesNothingOfB(Connection c, String attempt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM ts_users WHERE tenant_id = ?")) {
            ps.setObject(1, UUID.fromString(scopeB.tenantId()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("B's rows seen: %s", attempt).isZero();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE ts_users SET display_name = 'x' WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(userB.id()));
            assertThat(ps.executeUpdate()).as("B's rows written: %s", attempt).isZero();
        }
    }

    @Test
    void aTemporaryTableNamedLikeAStoreTableDoesNotReachTheNextBorrower() throws SQLException {
        try (Connection c = a.unwrap(DataSource.class).orElseThrow().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE ts_users (LIKE public.ts_users INCLUDING ALL)");
            st.execute("CREATE TEMP TABLE ts_rls_key (id smallint, secret text)");
        }
        User created = b.users().create(NewUser.of("after-temp@example.com", null));
        try (Connection c = PgTestSupport.admin(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM public.ts_users WHERE email = 'after-temp@example.com'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
        assertThat(one(b.unwrap(DataSource.class).orElseThrow(), "SELECT pg_catalog.to_regclass('pg_temp.ts_users')"))
                .isNull();
        b.users().delete(created.id());
    }

    @Test
    void settingsRoleTransactionsAndLocksDoNotSurviveTheReturn() throws Exception {
        try (Connection c = a.unwrap(DataSource.class).orElseThrow().getConnection(); Statement st = c.createStatement()) {
            st.execute("SET row_security = off");
            st.execute("SET default_transaction_read_only = on");
            st.execute("SET ROLE " + OTHER_ROLE);
            st.execute("SELECT pg_advisory_lock(4242)");
            st.execute("PREPARE leftover AS SELECT 1");
            st.execute("BEGIN");
        }
        // the next borrower: a repository write works, as the runtime login, with the policies on
        User created = b.users().create(NewUser.of("after-settings@example.com", null));
        DataSource ds = b.unwrap(DataSource.class).orElseThrow();
        assertThat(one(ds, "SELECT current_user")).isEqualTo(RUNTIME);
        assertThat(one(ds, "SELECT current_setting('row_security')")).isEqualTo("on");
        assertThat(one(ds, "SELECT current_setting('default_transaction_read_only')")).isEqualTo("off");
        assertThat(one(ds, "SELECT count(*) FROM pg_prepared_statements WHERE name = 'leftover'")).isEqualTo(0L);
        try (Connection other = PgTestSupport.admin(database); Statement st = other.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(4242)")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("the advisory lock was released").isTrue();
        }
        // an uncommitted JDBC transaction is rolled back, not committed by the next borrower
        try (Connection c = a.unwrap(DataSource.class).orElseThrow().getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE ts_users SET display_name = 'uncommitted'");
            }
        }
        assertThat(a.users().getById(userA.id()).orElseThrow().displayName()).isNull();
        b.users().delete(created.id());
    }

    @Test
    void theSettingARepositoryCallLeavesOnThePooledConnectionReachesNoOtherBorrower() throws SQLException {
        // the pool holds one connection: every call below uses the same session
        assertThat(a.users().getById(userA.id())).isPresent();
        // a schema tenant's escape hatch gets the setting cleared, so the shared tables show nothing
        DataSource schemaTenant = s.unwrap(DataSource.class).orElseThrow();
        assertThat(one(schemaTenant, "SELECT coalesce(current_setting('app.tenant_id', true), '')")).isEqualTo("");
        try (Connection c = schemaTenant.getConnection(); Statement st = c.createStatement()) {
            if (PgTestSupport.sequencesHoldTheTenant(c)) {
                // no tenant entered: a guarded statement fails rather than reach any row
                assertThatThrownBy(() -> st.executeQuery("SELECT count(*) FROM public.ts_users"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("currval");
            } else {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM public.ts_users")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
        // another shared tenant's escape hatch gets its own setting
        assertThat(a.users().getById(userA.id())).isPresent();
        assertThat(emails(b.unwrap(DataSource.class).orElseThrow())).containsExactly("b@example.com");
        // another tenant's repository call after A's sets its own tenant and finds only its rows
        assertThat(a.users().getById(userA.id())).isPresent();
        assertThat(b.users().getById(userA.id())).isEmpty();
        assertThat(b.users().getById(userB.id())).isPresent();
        assertThat(a.users().getByEmail("b@example.com")).isEmpty();
    }

    @Test
    void aRepositoryCallAfterTheEscapeHatchSetsItsTenantAgain() throws SQLException {
        assertThat(a.users().getById(userA.id())).isPresent();
        // the application changes the setting on the same connection, which the store cannot see...
        try (Connection c = a.unwrap(DataSource.class).orElseThrow().getConnection(); Statement st = c.createStatement()) {
            st.execute("SET app.tenant_id = ''");
            // ...and ends with the session setting cleared by hand and a failed statement
            assertThatThrownBy(() -> st.execute("SELECT 1/0")).isInstanceOf(SQLException.class);
        }
        // A's next call does not trust what it knew of the connection before the escape hatch
        assertThat(a.users().getById(userA.id())).isPresent();
        assertThat(a.users().setEmailVerified(userA.id(), true).emailVerified()).isTrue();
        assertThat(a.users().setEmailVerified(userA.id(), false).emailVerified()).isFalse();
    }

    @Test
    void theDriverConnectionIsNeverHandedOutAndAClosedWrapperIsUnusable() throws SQLException {
        Connection c = a.unwrap(DataSource.class).orElseThrow().getConnection();
        Statement st = c.createStatement();
        try {
            assertThatThrownBy(() -> c.unwrap(PGConnection.class)).isInstanceOf(DriverAccessRefusedException.class)
                    .hasMessageContaining("org.postgresql.PGConnection");
            assertThat(c.isWrapperFor(PGConnection.class)).isFalse();
            assertThat(c.unwrap(Connection.class)).isSameAs(c);
            assertThat(st.getConnection()).isSameAs(c);
            assertThatThrownBy(() -> st.getConnection().unwrap(PGConnection.class))
                    .isInstanceOf(DriverAccessRefusedException.class);
            assertThatThrownBy(() -> c.getMetaData().getConnection().unwrap(PGConnection.class))
                    .isInstanceOf(DriverAccessRefusedException.class);
            try (ResultSet rs = st.executeQuery("SELECT 1")) {
                assertThatThrownBy(() -> rs.unwrap(org.postgresql.jdbc.PgResultSet.class))
                        .isInstanceOf(DriverAccessRefusedException.class);
                assertThat(rs.getStatement().getConnection()).isSameAs(c);
            }
        } finally {
            c.close();
        }
        assertThat(c.isClosed()).isTrue();
        assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class).hasMessageContaining("returned to the pool");
        assertThatThrownBy(() -> st.executeQuery("SELECT 1")).isInstanceOf(SQLException.class)
                .hasMessageContaining("returned to the pool");
        // meanwhile the physical connection serves another tenant
        assertThat(b.users().getById(userB.id())).isPresent();
    }

    @Test
    void theRuntimeLoginOwnsNothingAndHasNoDdlRight() throws SQLException {
        try (Connection c = PgTestSupport.admin(database); PreparedStatement ps = c.prepareStatement(
                "SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid),"
                        + " (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid),"
                        + " has_database_privilege(r.rolname, current_database(), 'CREATE'),"
                        + " has_schema_privilege(r.rolname, 'public', 'CREATE'),"
                        + " has_schema_privilege(r.rolname, 't_i9_s', 'CREATE'),"
                        + " has_table_privilege(r.rolname, 'public.ts_rls_key', 'SELECT'),"
                        + " r.rolsuper OR r.rolbypassrls"
                        + " FROM pg_roles r WHERE r.rolname = ?")) {
            ps.setString(1, RUNTIME);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("relations owned").isZero();
                assertThat(rs.getLong(2)).as("schemas owned").isZero();
                for (int i = 3; i <= 7; i++) {
                    assertThat(rs.getBoolean(i)).as("column " + i).isFalse();
                }
            }
        }
        DataSource ds = a.unwrap(DataSource.class).orElseThrow();
        for (String ddl : List.of("ALTER TABLE ts_users NO FORCE ROW LEVEL SECURITY",
                "ALTER TABLE ts_users DISABLE ROW LEVEL SECURITY",
                "CREATE POLICY open_all ON ts_users USING (true)",
                "CREATE TABLE ts_copy (email text)",
                "SELECT secret FROM ts_rls_key")) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.execute(ddl)).as(ddl).isInstanceOf(SQLException.class)
                        .hasMessageMatching("(?s).*(must be owner|permission denied).*");
            }
        }
    }

    @Test
    void aSuperuserRuntimeLoginIsRefusedOnSharedUnlessRowSecurityIsAdvisory() {
        DbConfig superuser = PgTestSupport.config(database, Isolation.SHARED).build();
        try (AdapterConnection c = connect(superuser)) {
            assertThatThrownBy(() -> c.bind(new TenantScope(UUID.randomUUID().toString(), "x", Isolation.SHARED, null)))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.CONFIGURATION))
                    .hasMessageContaining("superuser or has BYPASSRLS")
                    .hasMessageContaining("rowSecurity: advisory");
        }
        try (AdapterConnection c = connect(superuser.toBuilder().rowSecurity(RowSecurityMode.ADVISORY).build())) {
            TenantRepositories x = c.bind(new TenantScope(UUID.randomUUID().toString(), "x", Isolation.SHARED, null));
            assertThat(x.users().getByEmail("a@example.com")).isEmpty();
        }
    }

    @Test
    void aRuntimeLoginThatOwnsTheTablesGetsOneWarning() throws Exception {
        String own = PgTestSupport.createDatabase("pg_it_hatch_own", OWNER);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger("io.tenantstore.jdbc");
        captured.start();
        logger.addAppender(captured);
        try (AdapterConnection c = connect(DbConfig.builder("postgres", PgTestSupport.urlOf(own))
                .isolation(Isolation.SHARED).username(OWNER).password(Secret.of(OWNER)).build())) {
            c.bind(new TenantScope(UUID.randomUUID().toString(), "x", Isolation.SHARED, null));
            c.bind(new TenantScope(UUID.randomUUID().toString(), "y", Isolation.SHARED, null));
        } finally {
            logger.detachAppender(captured);
            PgTestSupport.dropDatabase(own);
        }
        assertThat(captured.list).filteredOn(e -> e.getLevel() == Level.WARN)
                .singleElement().satisfies(e -> assertThat(e.getFormattedMessage()).contains("owns the shared tables"));
    }

    @Test
    void validateAndOffRefuseATargetBehindAndRunNothing() throws Exception {
        String fresh = PgTestSupport.createDatabase("pg_it_hatch_val", OWNER);
        try {
            DbConfig db = DbConfig.builder("postgres", PgTestSupport.urlOf(fresh)).isolation(Isolation.DATABASE)
                    .username(OWNER).password(Secret.of(OWNER)).build();
            try (AdapterConnection c = connect(db.toBuilder().migrate(MigrationMode.VALIDATE).build())) {
                assertThatThrownBy(() -> c.bind(new TenantScope(UUID.randomUUID().toString(), "x",
                        Isolation.DATABASE, null))).isInstanceOf(MigrationException.class)
                        .hasMessageContaining("is behind").hasMessageContaining("migrate: on-connect");
            }
            try (AdapterConnection c = connect(db.toBuilder().migrate(MigrationMode.OFF).build())) {
                assertThatThrownBy(() -> c.bind(new TenantScope(UUID.randomUUID().toString(), "x",
                        Isolation.DATABASE, null))).isInstanceOf(MigrationException.class)
                        .hasMessageContaining("has no readable TenantStore schema history")
                        .hasMessageContaining("version " + SqlDialect.SCHEMA_VERSION)
                        .hasMessageContaining("migrate is 'off'");
            }
            try (Connection c = PgTestSupport.admin(fresh); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_catalog.to_regclass('public.ts_users') IS NULL")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("off created nothing").isTrue();
            }
            try (AdapterConnection c = connect(db)) {
                c.bind(new TenantScope(UUID.randomUUID().toString(), "x", Isolation.DATABASE, null));
            }
            try (AdapterConnection c = connect(db.toBuilder().migrate(MigrationMode.OFF).build())) {
                TenantRepositories x = c.bind(new TenantScope(UUID.randomUUID().toString(), "x",
                        Isolation.DATABASE, null));
                assertThat(x.users().create(NewUser.of("off@example.com", null))).as("a current target binds")
                        .isNotNull();
            }
            try (AdapterConnection c = connect(db.toBuilder().migrate(MigrationMode.VALIDATE).build())) {
                TenantRepositories x = c.bind(new TenantScope(UUID.randomUUID().toString(), "x",
                        Isolation.DATABASE, null));
                assertThat(x.users().create(NewUser.of("v@example.com", null))).isNotNull();
            }
            // an operator who rolled the history back (or restored an old backup): off refuses it too
            try (Connection c = PgTestSupport.admin(fresh); Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM ts_schema_history WHERE version = '" + SqlDialect.SCHEMA_VERSION + "'");
            }
            try (AdapterConnection c = connect(db.toBuilder().migrate(MigrationMode.OFF).build())) {
                assertThatThrownBy(() -> c.bind(new TenantScope(UUID.randomUUID().toString(), "x",
                        Isolation.DATABASE, null))).isInstanceOf(MigrationException.class)
                        .hasMessageContaining("is at version " + (SqlDialect.SCHEMA_VERSION - 1))
                        .hasMessageContaining("needs version " + SqlDialect.SCHEMA_VERSION);
            }
        } finally {
            PgTestSupport.dropDatabase(fresh);
        }
    }
}

package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.OwnerLogin;
import io.tenantstore.Secret;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.testkit.conformance.AdapterConformanceSuite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite with {@code shared} isolation and least privilege: an owner login
 * creates the tables (migrations at connect), and the suite runs as an ordinary runtime role (no
 * superuser, no BYPASSRLS) that owns nothing in the database and has no DDL right there. Row-level
 * security is enforced on every statement the suite runs, so a repository statement that did not
 * set the tenant would see no rows and fail the suite, and the runtime login cannot switch the
 * policies off.
 */
class PostgresSharedIsolationIT extends AdapterConformanceSuite {
    private static final String OWNER = "ts_conf_owner";

    private final String database;

    PostgresSharedIsolationIT() throws Exception {
        PgTestSupport.ensureAppRole();
        try (Connection c = PgTestSupport.admin(); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + OWNER + "') THEN"
                    + " CREATE ROLE " + OWNER + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
                    + " PASSWORD '" + OWNER + "'; END IF; END $$");
        }
        database = PgTestSupport.createDatabase("pg_it_shared", OWNER);
        try (Connection c = PgTestSupport.admin(database); Statement st = c.createStatement()) {
            // PostgreSQL 14 and older let every role create in public: the runtime login must not
            st.execute("ALTER SCHEMA public OWNER TO " + OWNER);
            st.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
    }

    @Test
    void theRuntimeLoginOwnsNothingAndHasNoDdlRight() throws SQLException {
        // the suite's tables exist once a tenant has been bound
        a().users().getByEmail("nobody@example.com");
        try (Connection c = PgTestSupport.admin(database); PreparedStatement ps = c.prepareStatement(
                "SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid),"
                        + " (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid),"
                        + " has_database_privilege(r.rolname, current_database(), 'CREATE'),"
                        + " has_schema_privilege(r.rolname, 'public', 'CREATE'),"
                        + " r.rolsuper OR r.rolbypassrls,"
                        + " (SELECT count(*) FROM pg_class WHERE relname = 'ts_users')"
                        + " FROM pg_roles r WHERE r.rolname = ?")) {
            ps.setString(1, PgTestSupport.APP_ROLE);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(6)).as("the store's tables exist").isEqualTo(1);
                assertThat(rs.getLong(1)).as("relations owned").isZero();
                assertThat(rs.getLong(2)).as("schemas owned").isZero();
                assertThat(rs.getBoolean(3)).as("CREATE on the database").isFalse();
                assertThat(rs.getBoolean(4)).as("CREATE on public").isFalse();
                assertThat(rs.getBoolean(5)).as("superuser or BYPASSRLS").isFalse();
            }
        }
    }

    @Override
    protected StoreAdapter adapter() {
        return new PostgresAdapter();
    }

    @Override
    protected DbConfig dbConfig() {
        return PgTestSupport.appConfig(database, Isolation.SHARED)
                .owner(new OwnerLogin(OWNER, Secret.of(OWNER))).build();
    }

    @Override
    protected Isolation isolation() {
        return Isolation.SHARED;
    }

    @Override
    protected void afterSuite() {
        PgTestSupport.dropDatabase(database);
    }
}

package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.tenantstore.ConflictException;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DataRetention;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.Secret;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.TenantDeletion;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.model.NewRefreshToken;
import io.tenantstore.model.NewRole;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import io.tenantstore.model.UserQuery;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting a tenant with its data on PostgreSQL, checked by raw queries as the server's admin (which
 * row-level security does not hide rows from): purge leaves no schema and no row of the tenant;
 * keep leaves them, and a new tenant taking the slug never sees them.
 */
class PostgresTenantPurgeIT {
    /** Every table of the tenant data model. */
    static final List<String> TABLES = List.of("ts_users", "ts_password_identities", "ts_refresh_tokens",
            "ts_mfa_totp", "ts_mfa_recovery_codes", "ts_mfa_trusted_devices", "ts_consents", "ts_roles",
            "ts_role_permissions", "ts_role_parents", "ts_user_roles", "ts_one_time_tokens", "ts_user_identities");

    @TempDir
    Path root;

    private DataAccessLayer store(DbConfig db) {
        return TenantStore.builder().fsRoot(root).defaultTenantDb(db).secrets(Keyring.generate())
                .passwordHasher(new FakePasswordHasher()).noBackgroundMaintenance().build();
    }

    /** Writes a row into every table for one user of the tenant, plus {@code extraUsers} bare users. */
    static void fill(TenantDataAccess t, int extraUsers) {
        User u = t.users().create(NewUser.of("ana@example.com", "hash"));
        t.mfa().upsertTotp(u.id(), Secret.of("JBSWY3DPEHPK3PXP"));
        t.mfa().setRecoveryCodes(u.id(), List.of("code-hash-1"));
        t.mfa().addTrustedDevice(u.id(), "device-hash", Duration.ofDays(1));
        t.tokens().create(new NewRefreshToken("token-hash", u.id(), "web", List.of("openid"), Duration.ofDays(1)));
        t.consents().upsert(u.id(), "web", Set.of("openid"));
        t.rbac().createRole(new NewRole("base", "Base", Set.of("read"), List.of(), false));
        t.rbac().createRole(new NewRole("admin", "Admin", Set.of("write"), List.of("base"), false));
        t.rbac().assignRole(u.id(), "admin");
        t.oneTimeTokens().issue(io.tenantstore.model.NewOneTimeToken.forUser("ott-hash",
                io.tenantstore.model.OneTimeTokenPurpose.PASSWORD_RESET, u.id(), Duration.ofHours(1)));
        t.identities().link(u.id(), io.tenantstore.model.NewIdentity.of("google", "sub-" + u.id()));
        for (int i = 0; i < extraUsers; i++) {
            t.users().create(NewUser.of("user-" + i + "@example.com", null));
        }
    }

    static long rows(Connection c, String qualifiedTable, String tenantId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + qualifiedTable
                + " WHERE tenant_id::text = ?")) {
            ps.setString(1, tenantId);
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?")) {
            ps.setString(1, schema);
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getLong(1) > 0;
            }
        }
    }

    private static Connection admin(String database) throws SQLException {
        return java.sql.DriverManager.getConnection(PgTestSupport.urlOf(database), PgTestSupport.adminUser(),
                PgTestSupport.adminPassword());
    }

    @Test
    void purgeOnSchemaIsolationDropsTheSchemaAndANewTenantWithTheSlugStartsEmpty() throws Exception {
        String db = PgTestSupport.createDatabase("pg_it_purge", null);
        try (DataAccessLayer store = store(PgTestSupport.config(db, Isolation.SCHEMA).build())) {
            String oldId = store.config().tenants().create(NewTenant.of("acme", "Acme")).id();
            store.config().tenants().create(NewTenant.of("globex", "Globex"));
            fill(store.forTenant("acme"), 0);
            fill(store.forTenant("globex"), 0);

            TenantDeletion d = store.deleteTenant("acme", DataRetention.PURGE);

            assertThat(d.tenantId()).isEqualTo(oldId);
            assertThat(d.data()).contains("dropped schema t_acme");
            assertThat(store.config().tenants().getBySlug("acme")).isEmpty();
            try (Connection c = admin(db)) {
                assertThat(schemaExists(c, "t_acme")).isFalse();
                assertThat(rows(c, "t_globex.ts_users", store.forTenant("globex").id())).isEqualTo(1);
            }
            store.config().tenants().create(NewTenant.of("acme", "Acme again"));
            TenantDataAccess again = store.forTenant("acme");
            assertThat(again.users().list(new UserQuery(200, null, null)).users()).isEmpty();
            assertThat(again.users().getByEmail("ana@example.com")).isEmpty();
        } finally {
            PgTestSupport.dropDatabase(db);
        }
    }

    @Test
    void keepOnSchemaIsolationLeavesTheRowsAndANewTenantWithTheSlugIsRefusedTheLeftoverSchema() throws Exception {
        String db = PgTestSupport.createDatabase("pg_it_keep", null);
        try (DataAccessLayer store = store(PgTestSupport.config(db, Isolation.SCHEMA).build())) {
            String oldId = store.config().tenants().create(NewTenant.of("acme", "Acme")).id();
            fill(store.forTenant("acme"), 0);

            TenantDeletion d = store.deleteTenant("acme", DataRetention.KEEP);

            assertThat(d.data()).startsWith("kept:").contains("t_acme");
            try (Connection c = admin(db)) {
                assertThat(rows(c, "t_acme.ts_users", oldId)).isEqualTo(1);
            }
            store.config().tenants().create(NewTenant.of("acme", "Acme again"));
            assertThatThrownBy(() -> store.forTenant("acme")).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("schema t_acme").hasMessageContaining("holds rows of another tenant (id " + oldId);
        } finally {
            PgTestSupport.dropDatabase(db);
        }
    }

    @Test
    void purgeOnSharedTablesDeletesEveryRowOfTheTenantInBatchesAndNoneOfTheOther() throws Exception {
        PgTestSupport.ensureAppRole();
        String db = PgTestSupport.createDatabase("pg_it_purge_shared", PgTestSupport.APP_ROLE);
        try (DataAccessLayer store = store(PgTestSupport.appConfig(db, Isolation.SHARED).build())) {
            String acmeId = store.config().tenants().create(NewTenant.of("acme", "Acme")).id();
            String globexId = store.config().tenants().create(NewTenant.of("globex", "Globex")).id();
            // more users than one batch, so the purge takes several rounds
            fill(store.forTenant("acme"), 1_100);
            fill(store.forTenant("globex"), 2);

            TenantDeletion d = store.deleteTenant("acme", DataRetention.PURGE);

            assertThat(d.data()).contains("deleted 1103 users and roles");
            try (Connection c = admin(db)) {
                for (String table : TABLES) {
                    assertThat(rows(c, table, acmeId)).as(table).isZero();
                    assertThat(rows(c, table, globexId)).as(table).isPositive();
                }
            }
            String newId = store.config().tenants().create(NewTenant.of("acme", "Acme again")).id();
            assertThat(newId).isNotEqualTo(acmeId);
            assertThat(store.forTenant("acme").users().getByEmail("ana@example.com")).isEmpty();
        } finally {
            PgTestSupport.dropDatabase(db);
        }
    }

    @Test
    void keepOnSharedTablesLeavesTheRowsUnderTheOldIdAndANewTenantSeesNone() throws Exception {
        PgTestSupport.ensureAppRole();
        String db = PgTestSupport.createDatabase("pg_it_keep_shared", PgTestSupport.APP_ROLE);
        try (DataAccessLayer store = store(PgTestSupport.appConfig(db, Isolation.SHARED).build())) {
            String oldId = store.config().tenants().create(NewTenant.of("acme", "Acme")).id();
            fill(store.forTenant("acme"), 0);
            store.deleteTenant("acme", DataRetention.KEEP);
            store.config().tenants().create(NewTenant.of("acme", "Acme again"));
            TenantDataAccess again = store.forTenant("acme");
            assertThat(again.id()).isNotEqualTo(oldId);
            assertThat(again.users().getByEmail("ana@example.com")).isEmpty();
            assertThat(again.rbac().listRoles()).isEmpty();
            try (Connection c = admin(db)) {
                assertThat(rows(c, "ts_users", oldId)).isEqualTo(1);
            }
        } finally {
            PgTestSupport.dropDatabase(db);
        }
    }
}

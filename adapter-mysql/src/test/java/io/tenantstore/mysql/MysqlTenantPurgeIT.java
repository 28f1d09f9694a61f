package io.tenantstore.mysql;

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
import java.util.UUID;

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
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting a tenant with its data on MySQL / MariaDB, checked by raw queries: purge drops the
 * tenant's database ({@code schema} isolation) or deletes every row of it from shared tables;
 * keep leaves them, and a new tenant taking the slug never sees them.
 */
class MysqlTenantPurgeIT {
    /** Every table of the tenant data model. */
    static final List<String> TABLES = List.of("ts_users", "ts_password_identities", "ts_refresh_tokens",
            "ts_mfa_totp", "ts_mfa_recovery_codes", "ts_mfa_trusted_devices", "ts_consents", "ts_roles",
            "ts_role_permissions", "ts_role_parents", "ts_user_roles", "ts_one_time_tokens", "ts_user_identities");

    @TempDir
    Path root;
    // Schema names are server-wide on MySQL: unique slugs keep parallel runs apart.
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    private DataAccessLayer store(DbConfig db) {
        return TenantStore.builder().fsRoot(root).defaultTenantDb(db).secrets(Keyring.generate())
                .passwordHasher(new FakePasswordHasher()).noBackgroundMaintenance().build();
    }

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
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + qualifiedTable + " WHERE tenant_id = ?")) {
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

    @Test
    void purgeOnSchemaIsolationDropsTheTenantsDatabaseAndKeepRefusesItToANewTenant() throws Exception {
        String db = MysqlTestSupport.createDatabase("my_it_purge");
        String acme = "acme-" + run;
        String globex = "globex-" + run;
        String keep = "keep-" + run;
        try (DataAccessLayer store = store(MysqlTestSupport.config(db, Isolation.SCHEMA, false).build())) {
            store.config().tenants().create(NewTenant.of(acme, "Acme"));
            store.config().tenants().create(NewTenant.of(globex, "Globex"));
            String keepId = store.config().tenants().create(NewTenant.of(keep, "Keep")).id();
            fill(store.forTenant(acme), 0);
            fill(store.forTenant(globex), 0);
            fill(store.forTenant(keep), 0);

            TenantDeletion d = store.deleteTenant(acme, DataRetention.PURGE);
            assertThat(d.data()).contains("dropped schema t_acme_" + run);
            store.deleteTenant(keep, DataRetention.KEEP);

            try (Connection c = MysqlTestSupport.open(db)) {
                assertThat(schemaExists(c, "t_acme_" + run)).isFalse();
                assertThat(rows(c, "t_globex_" + run + ".ts_users", store.forTenant(globex).id())).isEqualTo(1);
                assertThat(rows(c, "t_keep_" + run + ".ts_users", keepId)).isEqualTo(1);
            }
            store.config().tenants().create(NewTenant.of(acme, "Acme again"));
            assertThat(store.forTenant(acme).users().getByEmail("ana@example.com")).isEmpty();
            store.config().tenants().create(NewTenant.of(keep, "Keep again"));
            assertThatThrownBy(() -> store.forTenant(keep)).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("holds rows of another tenant (id " + keepId);
        } finally {
            MysqlTestSupport.dropDatabases(db, "t_acme_" + run, "t_globex_" + run, "t_keep_" + run);
        }
    }

    @Test
    void purgeOnSharedTablesDeletesEveryRowOfTheTenantInBatchesAndNoneOfTheOther() throws Exception {
        String db = MysqlTestSupport.createDatabase("my_it_purge_shared");
        try (DataAccessLayer store = store(MysqlTestSupport.config(db, Isolation.SHARED, false).build())) {
            String acmeId = store.config().tenants().create(NewTenant.of("acme", "Acme")).id();
            String globexId = store.config().tenants().create(NewTenant.of("globex", "Globex")).id();
            fill(store.forTenant("acme"), 600);
            fill(store.forTenant("globex"), 2);

            TenantDeletion d = store.deleteTenant("acme", DataRetention.PURGE);

            assertThat(d.data()).contains("deleted 603 users and roles");
            try (Connection c = MysqlTestSupport.open(db)) {
                for (String table : TABLES) {
                    assertThat(rows(c, table, acmeId)).as(table).isZero();
                    assertThat(rows(c, table, globexId)).as(table).isPositive();
                }
            }
            store.config().tenants().create(NewTenant.of("acme", "Acme again"));
            assertThat(store.forTenant("acme").users().getByEmail("ana@example.com")).isEmpty();
        } finally {
            MysqlTestSupport.dropDatabases(db);
        }
    }
}

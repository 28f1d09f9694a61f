package io.tenantstore.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.SigningKeyAlgorithm;
import io.tenantstore.model.SigningKeyState;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import io.tenantstore.testkit.conformance.SqlRows;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing keys on a control plane created before they existed (control-plane V2), and without a keys row. */
class PostgresControlPlaneUpgradeIT {
    private static final Keyring KEYRING = Keyring.generate();

    private static DataAccessLayer open(String database) {
        return TenantStore.builder().globalDb(PostgresControlPlaneConformanceIT.globalDb(database))
                .controlPlaneSource(ControlPlaneSource.DATABASE).secrets(KEYRING)
                .passwordHasher(new FakePasswordHasher()).noBackgroundMaintenance().build();
    }

    @Test
    void aTenantCreatedBeforeV3GetsItsKeysRowAndRotates() throws SQLException {
        // the documents of a tenant, as a store writes them
        String source = PgTestSupport.createDatabase("pg_cp_src", null);
        try (DataAccessLayer store = open(source)) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
        }
        String old = PgTestSupport.createDatabase("pg_cp_v2", null);
        String pw = PgTestSupport.adminPassword();
        Flyway.configure(getClass().getClassLoader()).dataSource(PgTestSupport.urlOf(old), PgTestSupport.adminUser(),
                        pw.isEmpty() ? null : pw)
                .locations("classpath:db/tenantstore-control/postgresql").table("ts_control_history")
                .baselineOnMigrate(true).baselineVersion("0").target("2").load().migrate();
        try (Connection from = PgTestSupport.admin(source); Connection to = PgTestSupport.admin(old)) {
            SqlRows.copy(from, to, "SELECT slug, id, version, body FROM ts_cp_tenants",
                    "INSERT INTO ts_cp_tenants (slug, id, version, body) VALUES (?, ?, ?, ?)", 4);
            for (String table : new String[] {"ts_cp_clients", "ts_cp_scopes", "ts_cp_branding"}) {
                SqlRows.copy(from, to, "SELECT slug, revision, body FROM " + table,
                        "INSERT INTO " + table + " (slug, revision, body) VALUES (?, ?, ?)", 3);
            }
        }
        try (DataAccessLayer store = open(old)) { // migrates to V3
            assertThat(count(old, "SELECT count(*) FROM ts_cp_signing_keys WHERE slug = 'acme'")).isEqualTo(1);
            var keys = store.config().signingKeys();
            assertThat(keys.list("acme")).isEmpty();
            keys.generate("acme", SigningKeyAlgorithm.EDDSA);
            keys.rotate("acme", SigningKeyAlgorithm.ES256, Duration.ofHours(1));
            assertThat(keys.list("acme")).extracting(k -> k.state())
                    .containsExactly(SigningKeyState.RETIRING, SigningKeyState.ACTIVE);
        }
    }

    @Test
    void aMissingKeysRowIsInsertedByTheFirstWrite() throws SQLException {
        String database = PgTestSupport.createDatabase("pg_cp_norow", null);
        try (DataAccessLayer store = open(database)) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
            try (Connection c = PgTestSupport.admin(database);
                 PreparedStatement ps = c.prepareStatement("DELETE FROM ts_cp_signing_keys WHERE slug = 'acme'")) {
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            var keys = store.config().signingKeys();
            assertThat(keys.list("acme")).isEmpty();
            keys.generate("acme", SigningKeyAlgorithm.EDDSA);
            assertThat(keys.list("acme")).hasSize(1);
            assertThat(count(database, "SELECT count(*) FROM ts_cp_signing_keys WHERE slug = 'acme'")).isEqualTo(1);
        }
    }

    private static long count(String database, String sql) throws SQLException {
        try (Connection c = PgTestSupport.admin(database)) {
            return SqlRows.number(c, sql);
        }
    }
}

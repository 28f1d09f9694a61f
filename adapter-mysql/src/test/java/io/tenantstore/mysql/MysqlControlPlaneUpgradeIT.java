package io.tenantstore.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.Isolation;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.SigningKey;
import io.tenantstore.model.SigningKeyAlgorithm;
import io.tenantstore.model.SigningKeyState;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import io.tenantstore.testkit.conformance.SqlRows;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Signing keys on a MySQL / MariaDB control plane created before they existed (control-plane V2). */
class MysqlControlPlaneUpgradeIT {
    private static final Keyring KEYRING = Keyring.generate();

    private static DataAccessLayer open(String database) {
        return TenantStore.builder().globalDb(MysqlTestSupport.config(database, Isolation.DATABASE, false).build())
                .controlPlaneSource(ControlPlaneSource.DATABASE).secrets(KEYRING)
                .passwordHasher(new FakePasswordHasher()).noBackgroundMaintenance().build();
    }

    @Test
    void aTenantCreatedBeforeV3GetsItsKeysRowAndRotates() throws SQLException {
        String source = MysqlTestSupport.createDatabase("my_cp_src");
        String old = MysqlTestSupport.createDatabase("my_cp_v2");
        try {
            // the documents of a tenant, as a store writes them
            try (DataAccessLayer store = open(source)) {
                store.config().tenants().create(NewTenant.of("acme", "Acme"));
            }
            String pw = MysqlTestSupport.server().password();
            Flyway.configure(getClass().getClassLoader())
                    .dataSource(MysqlTestSupport.urlOf(old), MysqlTestSupport.server().username(), pw)
                    .locations("classpath:db/tenantstore-control/mysql").table("ts_control_history")
                    .baselineOnMigrate(true).baselineVersion("0").target("2").load().migrate();
            try (Connection from = MysqlTestSupport.open(source); Connection to = MysqlTestSupport.open(old)) {
                SqlRows.copy(from, to, "SELECT slug, id, version, body FROM ts_cp_tenants",
                        "INSERT INTO ts_cp_tenants (slug, id, version, body) VALUES (?, ?, ?, ?)", 4);
                for (String table : new String[] {"ts_cp_clients", "ts_cp_scopes", "ts_cp_branding"}) {
                    SqlRows.copy(from, to, "SELECT slug, revision, body FROM " + table,
                            "INSERT INTO " + table + " (slug, revision, body) VALUES (?, ?, ?)", 3);
                }
            }
            assertThat(count(old, "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                    + " AND table_name = 'ts_cp_signing_keys'")).as("at V2, before the store opens it").isZero();
            try (DataAccessLayer store = open(old)) { // migrates to V3
                assertThat(count(old, "SELECT count(*) FROM ts_cp_signing_keys WHERE slug = 'acme'")).isEqualTo(1);
                var keys = store.config().signingKeys();
                assertThat(keys.list("acme")).isEmpty();
                keys.generate("acme", SigningKeyAlgorithm.EDDSA);
                keys.rotate("acme", SigningKeyAlgorithm.ES256, Duration.ofHours(1));
                assertThat(keys.list("acme")).extracting(SigningKey::state)
                        .containsExactly(SigningKeyState.RETIRING, SigningKeyState.ACTIVE);
            }
        } finally {
            MysqlTestSupport.dropDatabases(source, old);
        }
    }

    private static long count(String database, String sql) throws SQLException {
        try (Connection c = MysqlTestSupport.open(database)) {
            return SqlRows.number(c, sql);
        }
    }
}

package io.tenantstore.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Secret;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.SigningKey;
import io.tenantstore.model.SigningKeyAlgorithm;
import io.tenantstore.model.SigningKeyState;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A SQL control plane made by an older release: signing keys on a database whose control-plane
 * tables stop at version 2 (before keys existed), and a tenant whose keys row is missing. An engine
 * gives fresh databases and raw connections to them.
 */
public abstract class SqlControlPlaneUpgradeSuite {
    private static final Keyring KEYRING = Keyring.generate();

    /**
     * @param prefix the start of its name
     * @return a new, empty database, dropped after the test by the subclass
     */
    protected abstract String newDatabase(String prefix);

    /** @return the global database {@code database} as a store opens it */
    protected abstract DbConfig globalDb(String database);

    /** @return a connection to {@code database} as its owner */
    protected abstract Connection rawConnection(String database) throws SQLException;

    /** @return the engine's control-plane migration location */
    protected abstract String controlPlaneLocation();

    private DataAccessLayer open(String database) {
        return TenantStore.builder().globalDb(globalDb(database)).controlPlaneSource(ControlPlaneSource.DATABASE)
                .secrets(KEYRING).passwordHasher(new FakePasswordHasher()).noBackgroundMaintenance().build();
    }

    private long count(String database, String sql) throws SQLException {
        try (Connection c = rawConnection(database)) {
            return SqlRows.number(c, sql);
        }
    }

    @Test
    void aTenantCreatedBeforeV3GetsItsKeysRowAndRotates() throws SQLException {
        // the documents of a tenant, as a store writes them
        String source = newDatabase("cp_src");
        try (DataAccessLayer store = open(source)) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
        }
        String old = newDatabase("cp_v2");
        DbConfig db = globalDb(old);
        Flyway.configure(getClass().getClassLoader())
                .dataSource(db.url(), db.username().orElse(null), db.password().map(Secret::reveal).orElse(null))
                .locations(controlPlaneLocation()).table("ts_control_history")
                .baselineOnMigrate(true).baselineVersion("0").target("2").load().migrate();
        try (Connection from = rawConnection(source); Connection to = rawConnection(old)) {
            SqlRows.copy(from, to, "SELECT slug, id, version, body FROM ts_cp_tenants",
                    "INSERT INTO ts_cp_tenants (slug, id, version, body) VALUES (?, ?, ?, ?)", 4);
            for (String table : new String[] {"ts_cp_clients", "ts_cp_scopes", "ts_cp_branding"}) {
                SqlRows.copy(from, to, "SELECT slug, revision, body FROM " + table,
                        "INSERT INTO " + table + " (slug, revision, body) VALUES (?, ?, ?)", 3);
            }
            assertThat(to.getMetaData().getTables(to.getCatalog(), null, "ts_cp_signing_keys", null).next())
                    .as("at V2, before the store opens it").isFalse();
        }
        try (DataAccessLayer store = open(old)) { // migrates to V3
            assertThat(count(old, "SELECT count(*) FROM ts_cp_signing_keys WHERE slug = 'acme'")).isEqualTo(1);
            var keys = store.config().signingKeys();
            assertThat(keys.list("acme")).isEmpty();
            keys.generate("acme", SigningKeyAlgorithm.EDDSA);
            keys.rotate("acme", SigningKeyAlgorithm.ES256, Duration.ofHours(1));
            assertThat(keys.list("acme")).extracting(SigningKey::state)
                    .containsExactly(SigningKeyState.RETIRING, SigningKeyState.ACTIVE);
        }
    }

    @Test
    void aMissingKeysRowIsInsertedByTheFirstWrite() throws SQLException {
        String database = newDatabase("cp_norow");
        try (DataAccessLayer store = open(database)) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
            try (Connection c = rawConnection(database);
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
}

package io.tenantstore.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.Isolation;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.testkit.conformance.ControlPlaneConformanceSuite;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The control-plane conformance suite on a MySQL / MariaDB global database (no files). */
class MysqlControlPlaneConformanceIT extends ControlPlaneConformanceSuite {
    private static String database;
    private static final Keyring KEYRING = Keyring.generate();

    @BeforeAll
    static void createDatabase() {
        database = MysqlTestSupport.createDatabase("my_cp_conf");
    }

    @AfterAll
    static void dropDatabase() {
        MysqlTestSupport.dropDatabases(database);
    }

    @Override
    protected DataAccessLayer open(boolean writer, java.time.Clock clock) {
        return TenantStore.builder().clock(clock).globalDb(MysqlTestSupport.config(database, Isolation.DATABASE, false).build())
                .controlPlaneSource(ControlPlaneSource.DATABASE).controlPlaneWriter(writer).secrets(KEYRING)
                .passwordHasher(new FakePasswordHasher()).noBackgroundMaintenance().build();
    }

    @Override
    protected Optional<String> storedTenantText(String slug) {
        return sqlText(open(), "SELECT body FROM ts_cp_tenants WHERE slug = ?", slug);
    }

    @Override
    protected Optional<String> storedAdminsText() {
        return sqlText(open(), "SELECT body FROM ts_cp_admins");
    }

    @Override
    protected Optional<String> storedSigningKeysText(String slug) {
        return sqlText(open(), "SELECT body FROM ts_cp_signing_keys WHERE slug = ?", slug);
    }

    @Override
    protected Keyring keyring() {
        return KEYRING;
    }

    private static Connection open() {
        try {
            return MysqlTestSupport.open(database);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

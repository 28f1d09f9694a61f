package io.tenantstore.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Secret;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.testkit.conformance.ControlPlaneConformanceSuite;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.junit.jupiter.api.BeforeAll;

/** The control-plane conformance suite on a PostgreSQL global database (no files). */
class PostgresControlPlaneConformanceIT extends ControlPlaneConformanceSuite {
    private static String database;
    private static final Keyring KEYRING = Keyring.generate();

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = PgTestSupport.createDatabase("pg_cp_conf", null);
    }

    static DbConfig globalDb(String database) {
        String pw = PgTestSupport.adminPassword();
        return DbConfig.builder("postgres", PgTestSupport.urlOf(database)).username(PgTestSupport.adminUser())
                .password(pw.isEmpty() ? null : Secret.of(pw)).build();
    }

    @Override
    protected DataAccessLayer open(boolean writer, java.time.Clock clock) {
        return TenantStore.builder().clock(clock).globalDb(globalDb(database)).controlPlaneSource(ControlPlaneSource.DATABASE)
                .controlPlaneWriter(writer).secrets(KEYRING).passwordHasher(new FakePasswordHasher())
                .noBackgroundMaintenance().build();
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
            return PgTestSupport.admin(database);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

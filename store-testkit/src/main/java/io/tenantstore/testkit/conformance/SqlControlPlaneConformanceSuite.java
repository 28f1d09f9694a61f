package io.tenantstore.testkit.conformance;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;

/**
 * The control-plane conformance suite for a control plane kept in SQL tables of a global database
 * (no files): an engine supplies the database and a raw connection to it; how the store is opened
 * and where the stored documents are read back are the same for every SQL engine.
 */
public abstract class SqlControlPlaneConformanceSuite extends ControlPlaneConformanceSuite {
    private static final Keyring KEYRING = Keyring.generate();

    /** @return the global database holding the control plane */
    protected abstract DbConfig globalDb();

    /**
     * @return a connection to the global database outside the store, as its administrator
     * @throws SQLException when it cannot be opened
     */
    protected abstract Connection rawConnection() throws SQLException;

    @Override
    protected DataAccessLayer open(boolean writer, Clock clock) {
        return TenantStore.builder().clock(clock).globalDb(globalDb()).controlPlaneSource(ControlPlaneSource.DATABASE)
                .controlPlaneWriter(writer).secrets(KEYRING).passwordHasher(new FakePasswordHasher())
                .noBackgroundMaintenance().build();
    }

    @Override
    protected Optional<String> storedTenantText(String slug) {
        return sqlText(raw(), "SELECT body FROM ts_cp_tenants WHERE slug = ?", slug);
    }

    @Override
    protected Optional<String> storedAdminsText() {
        return sqlText(raw(), "SELECT body FROM ts_cp_admins");
    }

    @Override
    protected Optional<String> storedSigningKeysText(String slug) {
        return sqlText(raw(), "SELECT body FROM ts_cp_signing_keys WHERE slug = ?", slug);
    }

    @Override
    protected Keyring keyring() {
        return KEYRING;
    }

    private Connection raw() {
        try {
            return rawConnection();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

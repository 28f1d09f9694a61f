package io.tenantstore.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.tenantstore.CredentialException;
import io.tenantstore.core.credential.RefreshingCredentialProvider;
import org.slf4j.LoggerFactory;

/**
 * Physical connections for a data source with short-lived credentials: when the server refuses the
 * login (the password was rotated or revoked before the scheduled refresh), asks the provider for a
 * credential minted after the attempt began (one mint however many connections were refused at
 * once) and tries once more. A refusal that a fresh credential does not cure is reported as it is.
 * Thread-safe.
 */
final class LoginRetryingDataSource extends FixedLoginDataSource {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(LoginRetryingDataSource.class);

    private final DataSource delegate;
    private final RefreshingCredentialProvider credentials;
    private final Clock clock;

    /**
     * @param delegate    opens connections with the provider's current credential
     * @param credentials the provider
     * @param clock       time source
     */
    LoginRetryingDataSource(DataSource delegate, RefreshingCredentialProvider credentials, Clock clock) {
        this.delegate = delegate;
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Instant began = clock.instant();
        try {
            return delegate.getConnection();
        } catch (SQLException e) {
            if (!Logins.refused(e)) {
                throw e;
            }
            LOG.warn("{} refused the login (SQLState {}); refreshing the credential and trying once more",
                    credentials.name(), e.getSQLState());
            try {
                credentials.refreshAfterRejection(began);
            } catch (CredentialException ce) {
                e.addSuppressed(ce);
                throw e;
            }
            return delegate.getConnection();
        }
    }
}

package io.tenantstore.spi;

import java.util.Optional;

import io.tenantstore.UnsupportedFeatureException;

import io.tenantstore.repository.ConsentRepository;
import io.tenantstore.repository.IdentityRepository;
import io.tenantstore.repository.MfaRepository;
import io.tenantstore.repository.OneTimeTokenRepository;
import io.tenantstore.repository.RbacRepository;
import io.tenantstore.repository.TokenRepository;
import io.tenantstore.repository.UserRepository;

/** The data-plane repositories an adapter binds to one {@link TenantScope}. Thread-safe. */
public interface TenantRepositories {
    /** @return users */
    UserRepository users();

    /** @return refresh tokens */
    TokenRepository tokens();

    /** @return MFA */
    MfaRepository mfa();

    /** @return consents */
    ConsentRepository consents();

    /** @return RBAC */
    RbacRepository rbac();

    /**
     * One-time tokens. A default method, so that adapters written before this repository existed
     * keep compiling; they answer with an error instead.
     *
     * @return one-time tokens
     * @throws UnsupportedFeatureException when the adapter does not implement them
     */
    default OneTimeTokenRepository oneTimeTokens() {
        throw new UnsupportedFeatureException("one-time tokens are not implemented by the adapter's repositories "
                + getClass().getName());
    }

    /**
     * External identities and the password identity. A default method, so that adapters written
     * before this repository existed keep compiling; they answer with an error instead.
     *
     * @return identities
     * @throws UnsupportedFeatureException when the adapter does not implement them
     */
    default IdentityRepository identities() {
        throw new UnsupportedFeatureException("identities are not implemented by the adapter's repositories "
                + getClass().getName());
    }

    /**
     * @param type a handle type the adapter offers (Jdbi, DataSource, MongoDatabase, ...)
     * @param <T>  the type
     * @return the tenant-scoped handle, if the adapter offers that type
     */
    default <T> Optional<T> unwrap(Class<T> type) {
        return Optional.empty();
    }
}

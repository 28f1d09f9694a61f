package io.tenantstore;

import io.tenantstore.model.Tenant;
import io.tenantstore.repository.ClientRepository;
import io.tenantstore.repository.ConsentRepository;
import io.tenantstore.repository.IdentityRepository;
import io.tenantstore.repository.MfaRepository;
import io.tenantstore.repository.OneTimeTokenRepository;
import io.tenantstore.repository.RbacRepository;
import io.tenantstore.repository.ScopeRepository;
import io.tenantstore.repository.TenantCache;
import io.tenantstore.repository.TokenRepository;
import io.tenantstore.repository.UserRepository;

/**
 * The repositories of one tenant, bound in {@link DataAccessLayer#forTenant(String)}. No method
 * takes a tenant id, so a caller cannot name another tenant. Thread-safe.
 */
public interface TenantDataAccess {
    /** @return the tenant's slug */
    String slug();

    /** @return the tenant's id (a UUID) */
    String id();

    /** @return the tenant as read from the control plane when this access was created */
    Tenant tenant();

    /** @return users and their password identities @throws NoDatabaseException without a database */
    UserRepository users();

    /** @return refresh tokens @throws NoDatabaseException without a database */
    TokenRepository tokens();

    /** @return TOTP, recovery codes and trusted devices @throws NoDatabaseException without a database */
    MfaRepository mfa();

    /** @return OAuth consents @throws NoDatabaseException without a database */
    ConsentRepository consents();

    /** @return roles and permissions @throws NoDatabaseException without a database */
    RbacRepository rbac();

    /**
     * @return single-use email tokens (verification, password reset, magic links, invitations)
     * @throws NoDatabaseException          without a database
     * @throws UnsupportedFeatureException when the tenant's adapter does not implement them
     */
    OneTimeTokenRepository oneTimeTokens();

    /**
     * @return users' ways to sign in: the password and external identities
     * @throws NoDatabaseException          without a database
     * @throws UnsupportedFeatureException when the tenant's adapter does not implement them
     */
    IdentityRepository identities();

    /** @return the tenant's OAuth clients (control plane) */
    ClientRepository clients();

    /** @return the tenant's scopes (control plane) */
    ScopeRepository scopes();

    /** @return the tenant's cache namespace */
    TenantCache cache();

    /** @return whether this tenant has a database */
    boolean hasDatabase();

    /**
     * @return this access
     * @throws NoDatabaseException when the tenant has no database
     */
    TenantDataAccess requireDatabase();

    /**
     * Gives the adapter's tenant-scoped handle for the application's own queries: a Jdbi or
     * DataSource (JDBC adapters) or a MongoDatabase (MongoDB adapter).
     *
     * @param type the handle type
     * @param <T>  the handle type
     * @return the handle
     * @throws NoDatabaseException   when the tenant has no database
     * @throws InvalidInputException when the adapter offers no handle of that type
     */
    <T> T unwrap(Class<T> type);
}

package io.tenantstore;

import io.tenantstore.repository.AdminRepository;
import io.tenantstore.repository.BrandingRepository;
import io.tenantstore.repository.ClientRepository;
import io.tenantstore.repository.ScopeRepository;
import io.tenantstore.repository.SigningKeyRepository;
import io.tenantstore.repository.TenantRepository;

/**
 * The control plane: tenants, each tenant's OAuth clients, scopes, branding and signing keys, and
 * the administrators. Thread-safe.
 */
public interface ConfigAccess {
    /** @return the tenant registry */
    TenantRepository tenants();

    /**
     * @param slug the tenant's slug
     * @return its clients
     * @throws TenantNotFoundException when no tenant has that slug
     * @throws InvalidInputException   when the slug is malformed
     */
    ClientRepository clients(String slug);

    /**
     * @param slug the tenant's slug
     * @return its scopes
     * @throws TenantNotFoundException when no tenant has that slug
     * @throws InvalidInputException   when the slug is malformed
     */
    ScopeRepository scopes(String slug);

    /**
     * Administrators, global and per tenant. A default method, so that control planes written
     * before administrators existed keep compiling; they answer with an error instead.
     *
     * @return the administrators
     * @throws UnsupportedFeatureException when the control plane does not keep administrators
     */
    default AdminRepository admins() {
        throw new UnsupportedFeatureException("administrators are not kept by the control plane "
                + getClass().getName());
    }

    /**
     * Tenants' branding: logo, colours, product name, support address and style sheet. A default
     * method, so that control planes written before branding existed keep compiling; they answer
     * with an error instead.
     *
     * @return the branding of the tenants
     * @throws UnsupportedFeatureException when the control plane does not keep branding
     */
    default BrandingRepository branding() {
        throw new UnsupportedFeatureException("branding is not kept by the control plane " + getClass().getName());
    }

    /**
     * Tenants' token-signing keys, with rotation and the JWK set to publish. A default method, so
     * that control planes written before signing keys existed keep compiling; they answer with an
     * error instead.
     *
     * @return the signing keys of the tenants
     * @throws UnsupportedFeatureException when the control plane does not keep signing keys
     */
    default SigningKeyRepository signingKeys() {
        throw new UnsupportedFeatureException("signing keys are not kept by the control plane "
                + getClass().getName());
    }
}

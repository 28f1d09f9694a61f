/**
 * Extension points: database adapters ({@link io.tenantstore.spi.StoreAdapter}), control
 * planes ({@link io.tenantstore.spi.ControlPlaneProvider}) and tenant caches
 * ({@link io.tenantstore.spi.TenantCacheProvider}), discovered with
 * {@link java.util.ServiceLoader} and chosen by name; database credential sources
 * ({@link io.tenantstore.spi.CredentialProvider}); and the storage a control plane gives the
 * store's signing keys ({@link io.tenantstore.spi.SigningKeyStore}).
 *
 * <p>Status: <b>SPI</b>. Adapters compile against this package and the API only.
 */
@NullMarked
package io.tenantstore.spi;

import org.jspecify.annotations.NullMarked;

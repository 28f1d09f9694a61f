/**
 * The YAML control plane: tenants, clients and scopes kept in files under {@code fsRoot}
 * ({@code tenants/<slug>/tenant.yaml}, {@code clients.yaml}, {@code scopes.yaml}). Chosen by the
 * name {@code fs} through {@link io.tenantstore.fs.FsControlPlaneProvider}.
 *
 * <p>Status: <b>API</b> (the provider class only). The implementation lives in
 * {@code io.tenantstore.fs.internal}.
 */
@NullMarked
package io.tenantstore.fs;

import org.jspecify.annotations.NullMarked;

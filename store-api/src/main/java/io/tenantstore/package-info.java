/**
 * TenantStore public API: the store ({@link io.tenantstore.DataAccessLayer}), the tenant-bound
 * view ({@link io.tenantstore.TenantDataAccess}), configuration values and the error hierarchy.
 *
 * <p>Status: <b>API</b>. Everything in this package is a compatibility promise.
 */
@NullMarked
package io.tenantstore;

import org.jspecify.annotations.NullMarked;

/**
 * The "no database" adapter: used for tenants without a database, every data-plane call raises
 * {@link io.tenantstore.NoDatabaseException} naming the tenant.
 *
 * <p>Status: <b>API</b> (the adapter class); chosen by the name {@code noop}.
 */
@NullMarked
package io.tenantstore.noop;

import org.jspecify.annotations.NullMarked;

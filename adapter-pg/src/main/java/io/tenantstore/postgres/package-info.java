/**
 * The PostgreSQL adapter ({@code driver: postgres}, alias {@code postgresql}), discovered through
 * {@code META-INF/services/io.tenantstore.spi.StoreAdapter}.
 *
 * <p>Isolation: {@code database} (the tenant's own database), {@code schema} (a schema per tenant,
 * SQL rendered schema-qualified) and {@code shared} (shared tables filtered by {@code tenant_id},
 * and enforced by row-level security policies on the {@code app.tenant_id} setting). The role the
 * application connects as must not be a superuser or have BYPASSRLS, or the policies do not apply
 * to it.
 *
 * <p>Status: <b>SPI implementation</b>. Only {@link io.tenantstore.postgres.PostgresAdapter} is
 * public, for the service loader; applications choose it by name in their configuration.
 */
@NullMarked
package io.tenantstore.postgres;

import org.jspecify.annotations.NullMarked;

/**
 * The SQLite adapter ({@code driver: sqlite}), discovered through
 * {@code META-INF/services/io.tenantstore.spi.StoreAdapter}: TenantStore's embedded default.
 *
 * <p>Isolation: {@code database} (one file per tenant, {@code <directory>/<slug>/data.db}) and
 * {@code shared} (one file, rows separated by {@code tenant_id}). SQLite has no schemas, so
 * {@code schema} isolation is refused when the configuration is read. SQLite has no row-level
 * security either: in a shared file, SQL an application runs itself through {@code unwrap} sees
 * every tenant's rows; with {@code database} isolation a tenant's handle opens only its own file.
 *
 * <p>Status: <b>SPI implementation</b>. {@link io.tenantstore.sqlite.SqliteAdapter} is public for
 * the service loader and for its test helpers; applications choose it by name in their
 * configuration.
 */
@NullMarked
package io.tenantstore.sqlite;

import org.jspecify.annotations.NullMarked;

/**
 * The shared JDBC layer of the SQL adapters: the repositories are written once here, over a
 * HikariCP pool with Flyway migrations, and each engine module supplies a small
 * {@link io.tenantstore.jdbc.SqlDialect} for what really differs (upsert, RETURNING, column types,
 * identifier quoting, error codes, row-level security).
 *
 * <p>Status: <b>SPI</b> for TenantStore's SQL adapter modules (tenantstore-postgres,
 * tenantstore-mysql). Applications use the adapters, not this package.
 */
@NullMarked
package io.tenantstore.jdbc;

import org.jspecify.annotations.NullMarked;

/**
 * The MySQL and MariaDB adapter ({@code driver: mysql}, alias {@code mariadb}), discovered through
 * {@code META-INF/services/io.tenantstore.spi.StoreAdapter}.
 *
 * <p>Isolation: {@code database} (the tenant's own database), {@code schema} (one MySQL database
 * per tenant on a shared server; SQL rendered qualified with the validated, backtick-quoted
 * database name; pooled connections never switch with {@code USE}; Flyway creates and migrates
 * each tenant's database on connections of its own) and {@code shared} (shared tables, rows
 * filtered by {@code tenant_id}). With {@code schema} isolation the login needs the right to
 * create databases, unless the tenants' databases are created beforehand.
 *
 * <p><b>No row-level security.</b> MySQL and MariaDB have nothing like PostgreSQL's policies, so
 * {@code shared} tenants are kept apart only by the {@code tenant_id} that every repository
 * statement binds. Queries an application runs itself through {@code unwrap(Jdbi.class)} or
 * {@code unwrap(DataSource.class)} see every tenant's rows of the shared tables and must filter by
 * tenant themselves. Where the database must enforce the separation, use {@code schema} or
 * {@code database} isolation with per-database grants.
 *
 * <p>Server-side prepared statements are off by default (Connector/J's default, which proxies such
 * as Vitess need) and may be turned on with the driver property {@code useServerPrepStmts=true};
 * the conformance suite runs both ways.
 *
 * <p>Status: <b>SPI implementation</b>. Only {@link io.tenantstore.mysql.MysqlAdapter} is public,
 * for the service loader; applications choose it by name in their configuration.
 */
@NullMarked
package io.tenantstore.mysql;

import org.jspecify.annotations.NullMarked;

/**
 * Test support for TenantStore adapters: {@link io.tenantstore.testkit.TestDatabases} finds a
 * PostgreSQL, MySQL/MariaDB or MongoDB server for integration tests (environment, then
 * Testcontainers, then embedded servers).
 *
 * <p>Status: <b>API</b> for adapter authors' tests. Everything in this package is a compatibility
 * promise of the testkit.
 */
@NullMarked
package io.tenantstore.testkit;

import org.jspecify.annotations.NullMarked;

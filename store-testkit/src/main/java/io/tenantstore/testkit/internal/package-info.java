/**
 * Implementation of the testkit's database resolution: URL handling, database creation, the
 * Docker probe, Testcontainers and the embedded servers.
 *
 * <p>Status: <b>internal</b>. Nothing here is a compatibility promise; use
 * {@link io.tenantstore.testkit.TestDatabases}.
 */
@NullMarked
package io.tenantstore.testkit.internal;

import org.jspecify.annotations.NullMarked;

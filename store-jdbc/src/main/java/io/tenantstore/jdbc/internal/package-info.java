/**
 * Implementation of the JDBC layer: the pooled connection, per-target migrations, the statement
 * runner and the repositories.
 *
 * <p>Status: <b>internal</b>. No compatibility promise; adapters use
 * {@link io.tenantstore.jdbc.JdbcAdapters}.
 */
@NullMarked
package io.tenantstore.jdbc.internal;

import org.jspecify.annotations.NullMarked;

/**
 * The {@code tenantstore} command line (picocli): init, tenants, clients, scopes, doctor, stats and
 * the quickstart.
 *
 * <p>Status: <b>internal</b>. The command syntax is the promise, not these classes.
 */
@NullMarked
package io.tenantstore.cli;

import org.jspecify.annotations.NullMarked;

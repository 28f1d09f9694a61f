/**
 * Database credentials: the built-in {@link io.tenantstore.spi.CredentialProvider}s (static,
 * environment variable, file, command), {@link io.tenantstore.core.credential.CredentialProviders}
 * to build them from a {@link io.tenantstore.CredentialSpec}, and the
 * {@link io.tenantstore.core.credential.RefreshingCredentialProvider} that caches and refreshes a
 * credential so that opening a connection never waits for a mint.
 *
 * <p>Status: <b>API</b>.
 */
@NullMarked
package io.tenantstore.core.credential;

import org.jspecify.annotations.NullMarked;

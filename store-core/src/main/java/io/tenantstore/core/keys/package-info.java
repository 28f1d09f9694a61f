/**
 * Tenants' token-signing keys over any control plane: key generation, rotation, signing,
 * verification and JWK rendering, with the storage behind {@link io.tenantstore.spi.SigningKeyStore}.
 *
 * <p>Status: <b>API</b> (used by the control-plane modules and the CLI).
 */
@NullMarked
package io.tenantstore.core.keys;

import org.jspecify.annotations.NullMarked;

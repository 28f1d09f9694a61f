/**
 * Encrypted configuration values: the {@link io.tenantstore.core.secret.Keyring} that encrypts
 * {@code enc:} values in YAML with a Google Tink AES-256-GCM keyset, bound to tenant and field, and
 * rotates its keys.
 *
 * <p>Status: <b>API</b>.
 */
@NullMarked
package io.tenantstore.core.secret;

import org.jspecify.annotations.NullMarked;

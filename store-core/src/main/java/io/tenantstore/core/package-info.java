/**
 * Opening a store: {@link io.tenantstore.core.TenantStore} and the default
 * {@link io.tenantstore.PasswordHasher}.
 *
 * <p>Status: <b>API</b>.
 */
@NullMarked
package io.tenantstore.core;

import org.jspecify.annotations.NullMarked;

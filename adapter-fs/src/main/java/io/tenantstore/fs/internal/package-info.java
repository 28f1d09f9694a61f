/**
 * Implementation of the YAML control plane: file layout, atomic writes, the cross-process write
 * lock, YAML mappings of tenants, clients and scopes, and client-secret hashing.
 *
 * <p>Status: <b>internal</b>. No compatibility promise.
 */
@NullMarked
package io.tenantstore.fs.internal;

import org.jspecify.annotations.NullMarked;

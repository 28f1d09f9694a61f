/**
 * The store's machinery: adapter discovery, the pool registry, tenant access caching, circuit
 * breakers and the in-memory tenant cache.
 *
 * <p>Status: <b>internal</b>. No compatibility promise; do not use from applications.
 */
@NullMarked
package io.tenantstore.core.internal;

import org.jspecify.annotations.NullMarked;

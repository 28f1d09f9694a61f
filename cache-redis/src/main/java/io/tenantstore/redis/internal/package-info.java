/**
 * The Redis cache's implementation: the client, the per-tenant key namespace, the server-side
 * scripts and the circuit breaker.
 *
 * <p>Status: <b>internal</b>; no compatibility promise.
 */
@NullMarked
package io.tenantstore.redis.internal;

import org.jspecify.annotations.NullMarked;

/**
 * The Redis / Valkey tenant cache (cache driver {@code redis}, alias {@code valkey}):
 * {@link io.tenantstore.redis.RedisCacheProvider}, chosen with {@code cache: { driver: redis, url: ... }}.
 *
 * <p>Status: <b>SPI</b> implementation; the provider class is the only public entry point.
 */
@NullMarked
package io.tenantstore.redis;

import org.jspecify.annotations.NullMarked;

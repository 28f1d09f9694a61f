package io.tenantstore.repository;

import java.time.Duration;
import java.util.Optional;

/**
 * A key-value cache namespaced to the bound tenant: keys of two tenants never collide. Every entry
 * has a time to live. Thread-safe; methods named for an atomic operation are atomic: within the
 * process with the default in-memory cache, across every process sharing the server with the
 * {@code redis} cache ({@code cache: { driver: redis, url: ... }}).
 */
public interface TenantCache {
    /** @param key the key @return the live value, if any */
    Optional<String> get(String key);

    /** @param key the key @param value the value @param ttl positive time to live */
    void set(String key, String value, Duration ttl);

    /** @param key the key @return whether a live entry was removed */
    boolean delete(String key);

    /** @param key the key @return whether a live entry exists */
    boolean exists(String key);

    /**
     * Atomic: stores only when no live entry exists.
     *
     * @param key   the key
     * @param value the value
     * @param ttl   positive time to live
     * @return whether this call stored it
     */
    boolean setIfAbsent(String key, String value, Duration ttl);

    /** Atomic: of concurrent callers, one gets the value. @param key the key @return the removed live value */
    Optional<String> getAndDelete(String key);

    /** @param prefix key prefix (may be empty: the whole namespace) @return how many were removed */
    int deleteByPrefix(String prefix);
}

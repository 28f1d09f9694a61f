package io.tenantstore.fs.internal;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.tenantstore.StoreException;
import org.slf4j.Logger;

/**
 * The tenants of a control plane whose stored definition could not be read, with the reason; each
 * is logged once, when first found. Thread-safe.
 */
final class UnreadableTenants {
    private final Map<String, String> bySlug = new ConcurrentHashMap<>();
    private final Logger log;

    /** @param log where a tenant found unreadable is reported */
    UnreadableTenants(Logger log) {
        this.log = log;
    }

    /**
     * Reads a tenant, remembering whether its definition could be read.
     *
     * @param reader reads it (empty when there is no such tenant); a {@link StoreException} it
     *               throws means the definition cannot be read
     * @return the tenant, or empty when there is none or it cannot be read
     */
    <T> java.util.Optional<T> read(String slug, java.util.function.Supplier<java.util.Optional<T>> reader) {
        try {
            java.util.Optional<T> t = reader.get();
            read(slug);
            return t;
        } catch (StoreException e) {
            failed(slug, e);
            return java.util.Optional.empty();
        }
    }

    /** The tenant was read: it is not unreadable (any more). */
    void read(String slug) {
        bySlug.remove(slug);
    }

    /** The tenant could not be read, for {@code e}'s reason: remembered, and logged the first time. */
    void failed(String slug, StoreException e) {
        if (bySlug.put(slug, e.getMessage()) == null) {
            log.warn("skipping tenant {}: {}", slug, e.getMessage());
        }
    }

    /** @return the slugs known to be unreadable now */
    List<String> slugs() {
        return List.copyOf(bySlug.keySet());
    }

    /** @return slug to reason, in slug order */
    SortedMap<String, String> snapshot() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(bySlug));
    }

    /** @return {@code slug: reason; slug: reason}, for a health check's detail */
    static String describe(Map<String, String> unreadable) {
        StringBuilder b = new StringBuilder();
        unreadable.forEach((slug, why) -> b.append(b.length() == 0 ? "" : "; ").append(slug).append(": ").append(why));
        return b.toString();
    }
}

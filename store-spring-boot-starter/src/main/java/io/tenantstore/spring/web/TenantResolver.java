package io.tenantstore.spring.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads which tenant a web request is for. An implementation returns the tenant's slug (or id)
 * exactly as the request names it, or empty when the request names none; it never substitutes a
 * default tenant, so a request without one is refused (400) rather than served from someone
 * else's data. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TenantResolver {
    /**
     * @param request the request
     * @return the slug or id the request names, or empty
     */
    Optional<String> resolve(HttpServletRequest request);
}

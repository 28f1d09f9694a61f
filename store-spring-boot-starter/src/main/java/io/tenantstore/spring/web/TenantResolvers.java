package io.tenantstore.spring.web;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.tenantstore.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The built-in {@link TenantResolver}s: header, subdomain, path segment and JWT claim. Each returns
 * empty when the request does not name a tenant the way it looks for. Stateless, thread-safe.
 */
public final class TenantResolvers {
    private TenantResolvers() {
    }

    /**
     * @param name the header, e.g. {@code X-Tenant}
     * @return a resolver reading the header's value (blank counts as absent)
     */
    public static TenantResolver header(String name) {
        requireText("header name", name);
        return request -> nonBlank(request.getHeader(name));
    }

    /**
     * The first label of the request's host when the host is exactly one label under
     * {@code baseDomain}: {@code acme.example.com} gives {@code acme}; {@code example.com},
     * {@code a.b.example.com} and other domains give empty.
     *
     * @param baseDomain e.g. {@code example.com}
     * @return the resolver
     */
    public static TenantResolver subdomain(String baseDomain) {
        requireText("base domain", baseDomain);
        String suffix = "." + strip(baseDomain.toLowerCase(Locale.ROOT));
        return request -> {
            String host = request.getServerName();
            if (host == null) {
                return Optional.empty();
            }
            host = strip(host.toLowerCase(Locale.ROOT));
            if (!host.endsWith(suffix)) {
                return Optional.empty();
            }
            String label = host.substring(0, host.length() - suffix.length());
            return label.isEmpty() || label.contains(".") ? Optional.empty() : Optional.of(label);
        };
    }

    /**
     * @param index zero-based segment of the path inside the application, e.g. 1 for {@code /t/acme/users}
     * @return a resolver reading that segment (empty when the path is shorter)
     */
    public static TenantResolver pathSegment(int index) {
        if (index < 0) {
            throw new InvalidInputException("path segment index must not be negative: " + index);
        }
        return request -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            String[] segments = path.startsWith("/") ? path.substring(1).split("/", -1) : path.split("/", -1);
            return index < segments.length ? nonBlank(segments[index]) : Optional.empty();
        };
    }

    /**
     * A claim of the request's JWT, which something before this resolver (Spring Security, a
     * gateway filter) has already verified; this resolver does not verify tokens. The claims are
     * read from the request attribute {@code claimsAttribute} (a {@code Map}), else from the
     * principal when it exposes {@code getTokenAttributes()} (Spring Security's JWT
     * authentication does). A claim that is not a string counts as absent.
     *
     * @param claim           e.g. {@code tenant}
     * @param claimsAttribute request attribute holding verified claims
     * @return the resolver
     */
    public static TenantResolver jwtClaim(String claim, String claimsAttribute) {
        requireText("claims attribute", claimsAttribute);
        return jwtClaim(claim, request -> claimsOf(request, claimsAttribute));
    }

    /**
     * @param claim  e.g. {@code tenant}
     * @param claims the verified claims of a request (empty map when none)
     * @return a resolver reading {@code claim} from them
     */
    public static TenantResolver jwtClaim(String claim, Function<HttpServletRequest, Map<String, ?>> claims) {
        requireText("claim", claim);
        Objects.requireNonNull(claims, "claims");
        return request -> {
            Object value = claims.apply(request).get(claim);
            return value instanceof String s ? nonBlank(s) : Optional.empty();
        };
    }

    private static Map<String, ?> claimsOf(HttpServletRequest request, String attribute) {
        if (request.getAttribute(attribute) instanceof Map<?, ?> map) {
            return stringKeys(map);
        }
        Object principal = request.getUserPrincipal();
        if (principal != null) {
            try {
                Method m = principal.getClass().getMethod("getTokenAttributes");
                if (m.invoke(principal) instanceof Map<?, ?> map) {
                    return stringKeys(map);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Not a token-carrying principal: no claims.
                return Map.of();
            }
        }
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> stringKeys(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }

    private static Optional<String> nonBlank(@Nullable String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static String strip(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static void requireText(String what, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(what + " must not be blank: '" + value + "'");
        }
    }
}

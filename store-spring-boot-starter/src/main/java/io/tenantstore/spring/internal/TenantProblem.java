package io.tenantstore.spring.internal;

import java.util.Optional;

import io.tenantstore.InvalidInputException;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.UnavailableException;
import io.tenantstore.spring.web.TenantRequiredException;

/**
 * An RFC 9457 problem for a failure to serve a tenant's request: no tenant named (400), a malformed
 * one (400), an unknown one (404), its database unavailable (503). The detail never carries a data
 * source's URL or a driver message. Immutable, thread-safe.
 *
 * @param status HTTP status
 * @param title  short summary
 * @param detail what happened, for the client
 * @param code   the store's error code, as the {@code code} member
 */
public record TenantProblem(int status, String title, String detail, String code) {
    /** Media type of the body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * @param e a failure
     * @return its problem, or empty when it is not one of a tenant's request
     */
    public static Optional<TenantProblem> of(Throwable e) {
        if (e instanceof TenantRequiredException r) {
            return Optional.of(new TenantProblem(400, "Tenant required", r.getMessage(), "TENANT_REQUIRED"));
        }
        if (e instanceof TenantNotFoundException n) {
            return Optional.of(new TenantProblem(404, "Unknown tenant", n.getMessage(), n.code().name()));
        }
        if (e instanceof UnavailableException u) {
            return Optional.of(new TenantProblem(503, "Tenant database unavailable",
                    "the tenant's database cannot serve requests right now (" + u.reason() + ")", u.code().name()));
        }
        return Optional.empty();
    }

    /**
     * @param e an input error raised while resolving the tenant (a malformed slug)
     * @return its 400 problem
     */
    public static TenantProblem invalidTenant(InvalidInputException e) {
        return new TenantProblem(400, "Invalid tenant", e.getMessage(), e.code().name());
    }

    /**
     * @param instance the request path
     * @return the body as JSON
     */
    public String toJson(String instance) {
        return "{\"type\":\"about:blank\",\"title\":" + quote(title) + ",\"status\":" + status
                + ",\"detail\":" + quote(detail) + ",\"instance\":" + quote(instance) + ",\"code\":" + quote(code) + "}";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

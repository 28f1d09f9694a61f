package io.tenantstore.spring.web;

import java.util.Optional;

import io.tenantstore.TenantDataAccess;
import jakarta.servlet.ServletRequest;

/**
 * Where the tenant filter leaves a request's {@link TenantDataAccess}: the request attribute
 * {@link #ATTRIBUTE}. Controllers usually take {@code TenantDataAccess} as a method argument instead.
 * Stateless, thread-safe.
 */
public final class TenantRequests {
    /** The request attribute holding the bound {@link TenantDataAccess}. */
    public static final String ATTRIBUTE = TenantDataAccess.class.getName();

    private TenantRequests() {
    }

    /**
     * @param request the request
     * @return the tenant the filter bound to it, or empty when the filter did not run for its path
     */
    public static Optional<TenantDataAccess> current(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof TenantDataAccess t ? Optional.of(t) : Optional.empty();
    }
}

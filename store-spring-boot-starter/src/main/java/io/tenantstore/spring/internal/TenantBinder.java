package io.tenantstore.spring.internal;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.spring.web.TenantRequests;
import io.tenantstore.spring.web.TenantRequiredException;
import io.tenantstore.spring.web.TenantResolver;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Resolves a request's tenant and binds its {@link TenantDataAccess} to the request. Never falls
 * back to another tenant. Thread-safe.
 */
public final class TenantBinder {
    private final DataAccessLayer store;
    private final TenantResolver resolver;

    /**
     * @param store    the store
     * @param resolver which tenant a request is for
     */
    public TenantBinder(DataAccessLayer store, TenantResolver resolver) {
        this.store = store;
        this.resolver = resolver;
    }

    /**
     * Returns the tenant already bound to the request, or resolves and binds it.
     *
     * @param request the request
     * @return its tenant's access
     * @throws TenantRequiredException                 when the request names no tenant
     * @throws io.tenantstore.TenantNotFoundException  when it names an unknown one
     * @throws io.tenantstore.InvalidInputException    when the name is malformed
     * @throws io.tenantstore.UnavailableException     when the tenant's database cannot be reached
     */
    public TenantDataAccess bind(HttpServletRequest request) {
        var bound = TenantRequests.current(request);
        if (bound.isPresent()) {
            return bound.get();
        }
        String slug = resolver.resolve(request).orElseThrow(() -> new TenantRequiredException(
                "this request must name a tenant and names none; no default tenant is assumed"));
        TenantDataAccess access = store.forTenant(slug);
        request.setAttribute(TenantRequests.ATTRIBUTE, access);
        return access;
    }
}

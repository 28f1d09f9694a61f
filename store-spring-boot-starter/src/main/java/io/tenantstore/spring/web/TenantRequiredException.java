package io.tenantstore.spring.web;

import io.tenantstore.InvalidInputException;

/**
 * A request that needs a tenant names none (answered with 400). Never replaced by a default tenant.
 */
public class TenantRequiredException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** @param message what was looked for, e.g. the header name */
    public TenantRequiredException(String message) {
        super(message);
    }
}

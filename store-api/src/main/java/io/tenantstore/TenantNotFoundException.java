package io.tenantstore;

import org.jspecify.annotations.Nullable;

/**
 * No tenant matches the slug or id given to {@link DataAccessLayer#forTenant(String)} or a control-plane call.
 */
public class TenantNotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong; never a secret */
    public TenantNotFoundException(String message) {
        super(ErrorCode.TENANT_NOT_FOUND, message);
    }

    /**
     * @param message what went wrong; never a secret
     * @param cause   the underlying exception, or {@code null}
     */
    public TenantNotFoundException(String message, @Nullable Throwable cause) {
        super(ErrorCode.TENANT_NOT_FOUND, message, cause);
    }

    /**
     * For subclasses and adapters that need a more precise code.
     *
     * @param code    a code of this family
     * @param message what went wrong; never a secret
     * @param cause   the underlying exception, or {@code null}
     */
    protected TenantNotFoundException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(code, message, cause);
    }
}

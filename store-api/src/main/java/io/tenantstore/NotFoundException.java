package io.tenantstore;

import org.jspecify.annotations.Nullable;

/**
 * The addressed record (user, role, client, scope, ...) does not exist.
 */
public class NotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong; never a secret */
    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }

    /**
     * @param message what went wrong; never a secret
     * @param cause   the underlying exception, or {@code null}
     */
    public NotFoundException(String message, @Nullable Throwable cause) {
        super(ErrorCode.NOT_FOUND, message, cause);
    }

    /**
     * For subclasses and adapters that need a more precise code.
     *
     * @param code    a code of this family
     * @param message what went wrong; never a secret
     * @param cause   the underlying exception, or {@code null}
     */
    protected NotFoundException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(code, message, cause);
    }
}

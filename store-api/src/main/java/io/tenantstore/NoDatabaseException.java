package io.tenantstore;

import org.jspecify.annotations.Nullable;

/**
 * A data-plane call was made for a tenant that has no database (mode FS_ONLY or {@code database: none}).
 */
public class NoDatabaseException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong; never a secret */
    public NoDatabaseException(String message) {
        super(ErrorCode.NO_DATABASE, message);
    }

    /**
     * @param message what went wrong; never a secret
     * @param cause   the underlying exception, or {@code null}
     */
    public NoDatabaseException(String message, @Nullable Throwable cause) {
        super(ErrorCode.NO_DATABASE, message, cause);
    }

    /**
     * For subclasses and adapters that need a more precise code.
     *
     * @param code    a code of this family
     * @param message what went wrong; never a secret
     * @param cause   the underlying exception, or {@code null}
     */
    protected NoDatabaseException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(code, message, cause);
    }
}

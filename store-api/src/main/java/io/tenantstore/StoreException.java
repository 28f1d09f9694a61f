package io.tenantstore;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Root of every error TenantStore raises. Unchecked; carries an {@link ErrorCode}.
 *
 * <p>Messages never contain a password, token, DSN password or secret. Driver exceptions are
 * wrapped and kept as the cause.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * Creates an error.
     *
     * @param code    what kind of failure this is
     * @param message what went wrong, for a human; never a secret
     */
    public StoreException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /**
     * Creates an error wrapping a cause.
     *
     * @param code    what kind of failure this is
     * @param message what went wrong, for a human; never a secret
     * @param cause   the underlying exception, or {@code null}
     */
    public StoreException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** @return the machine-readable cause */
    public ErrorCode code() {
        return code;
    }
}

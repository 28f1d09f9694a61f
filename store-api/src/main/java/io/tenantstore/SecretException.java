package io.tenantstore;

import org.jspecify.annotations.Nullable;

/**
 * A secret could not be encrypted or decrypted (unknown or disabled key, wrong tenant or field).
 */
public class SecretException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong; never a secret */
    public SecretException(String message) {
        super(ErrorCode.SECRET, message);
    }

    /**
     * @param message what went wrong; never a secret
     * @param cause   the underlying exception, or {@code null}
     */
    public SecretException(String message, @Nullable Throwable cause) {
        super(ErrorCode.SECRET, message, cause);
    }

    /**
     * For subclasses and adapters that need a more precise code.
     *
     * @param code    a code of this family
     * @param message what went wrong; never a secret
     * @param cause   the underlying exception, or {@code null}
     */
    protected SecretException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(code, message, cause);
    }
}

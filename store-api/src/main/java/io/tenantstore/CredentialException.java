package io.tenantstore;

import org.jspecify.annotations.Nullable;

/**
 * Database credentials could not be minted and no valid cached credential remains.
 */
public class CredentialException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong; never a secret */
    public CredentialException(String message) {
        super(ErrorCode.CREDENTIAL, message);
    }

    /**
     * @param message what went wrong; never a secret
     * @param cause   the underlying exception, or {@code null}
     */
    public CredentialException(String message, @Nullable Throwable cause) {
        super(ErrorCode.CREDENTIAL, message, cause);
    }

    /**
     * For subclasses and adapters that need a more precise code.
     *
     * @param code    a code of this family
     * @param message what went wrong; never a secret
     * @param cause   the underlying exception, or {@code null}
     */
    protected CredentialException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(code, message, cause);
    }
}

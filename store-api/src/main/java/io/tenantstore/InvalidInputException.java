package io.tenantstore;

import org.jspecify.annotations.Nullable;

/**
 * Input was rejected before anything was written: a bad slug, identifier, size, YAML document,
 * or an expired, revoked or reused refresh token (see {@link #code()}).
 */
public class InvalidInputException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and with which value (never a secret) */
    public InvalidInputException(String message) {
        super(ErrorCode.INVALID_INPUT, message);
    }

    /**
     * @param message what is wrong
     * @param cause   the parser or driver exception, or {@code null}
     */
    public InvalidInputException(String message, @Nullable Throwable cause) {
        super(ErrorCode.INVALID_INPUT, message, cause);
    }

    /**
     * An error with a more precise code of the invalid-input family, such as
     * {@link ErrorCode#TOKEN_REUSED}.
     *
     * @param code    {@link ErrorCode#INVALID_INPUT} or one of the {@code TOKEN_*} codes
     * @param message what is wrong
     */
    public InvalidInputException(ErrorCode code, String message) {
        super(code, message, null);
    }
}

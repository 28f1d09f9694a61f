package io.tenantstore;

import org.jspecify.annotations.Nullable;

/**
 * A write collided with existing data: a duplicate unique key ({@link ErrorCode#CONFLICT}), a
 * stale optimistic version ({@link ErrorCode#VERSION_CONFLICT}), or a removal that would leave a
 * user no way to sign in ({@link ErrorCode#LAST_SIGN_IN_METHOD}). Nothing was written.
 */
public class ConflictException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what collided; never a secret */
    public ConflictException(String message) {
        super(ErrorCode.CONFLICT, message);
    }

    /**
     * @param message what collided; never a secret
     * @param cause   the driver exception, or {@code null}
     */
    public ConflictException(String message, @Nullable Throwable cause) {
        super(ErrorCode.CONFLICT, message, cause);
    }

    /**
     * A stale optimistic write.
     *
     * @param what     the record, e.g. {@code "tenant 'acme'"}
     * @param expected the version the writer held
     * @param actual   the version stored now
     * @return the exception, with code {@link ErrorCode#VERSION_CONFLICT}
     */
    public static ConflictException staleVersion(String what, long expected, long actual) {
        return new ConflictException(ErrorCode.VERSION_CONFLICT,
                what + " was changed by another writer: expected version " + expected + ", found " + actual, null);
    }

    private ConflictException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(code, message, cause);
    }

    /**
     * A conflict with a more precise code, such as {@link ErrorCode#LAST_SIGN_IN_METHOD}.
     *
     * @param code    {@link ErrorCode#CONFLICT}, {@link ErrorCode#VERSION_CONFLICT} or
     *                {@link ErrorCode#LAST_SIGN_IN_METHOD}
     * @param message what collided; never a secret
     */
    public ConflictException(ErrorCode code, String message) {
        super(code, message, null);
    }
}

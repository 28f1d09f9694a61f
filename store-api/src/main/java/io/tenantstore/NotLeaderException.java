package io.tenantstore;

import org.jspecify.annotations.Nullable;

/**
 * A write was attempted through a control plane opened read-only ({@code controlPlane: reader}).
 */
public class NotLeaderException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong; never a secret */
    public NotLeaderException(String message) {
        super(ErrorCode.NOT_LEADER, message);
    }

    /**
     * @param message what went wrong; never a secret
     * @param cause   the underlying exception, or {@code null}
     */
    public NotLeaderException(String message, @Nullable Throwable cause) {
        super(ErrorCode.NOT_LEADER, message, cause);
    }

    /**
     * For subclasses and adapters that need a more precise code.
     *
     * @param code    a code of this family
     * @param message what went wrong; never a secret
     * @param cause   the underlying exception, or {@code null}
     */
    protected NotLeaderException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(code, message, cause);
    }
}

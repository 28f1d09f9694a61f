package io.tenantstore;

import org.jspecify.annotations.Nullable;

/**
 * A schema migration failed; the target was left at its last successful version.
 */
public class MigrationException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong; never a secret */
    public MigrationException(String message) {
        super(ErrorCode.MIGRATION, message);
    }

    /**
     * @param message what went wrong; never a secret
     * @param cause   the underlying exception, or {@code null}
     */
    public MigrationException(String message, @Nullable Throwable cause) {
        super(ErrorCode.MIGRATION, message, cause);
    }

    /**
     * For subclasses and adapters that need a more precise code.
     *
     * @param code    a code of this family
     * @param message what went wrong; never a secret
     * @param cause   the underlying exception, or {@code null}
     */
    protected MigrationException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(code, message, cause);
    }
}

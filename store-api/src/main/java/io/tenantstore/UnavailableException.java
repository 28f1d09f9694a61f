package io.tenantstore;

import org.jspecify.annotations.Nullable;

/**
 * A database cannot serve the call right now. {@link #reason()} says which of the causes it is, so
 * callers can tell a down database from an open breaker or an exhausted pool.
 */
public class UnavailableException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** Why the database is unavailable. */
    public enum Reason {
        /** The database did not answer or refused the connection. */
        DATABASE_DOWN,
        /** The data source's circuit breaker is open after repeated failures. */
        BREAKER_OPEN,
        /** No connection became free within the pool's connection timeout. */
        POOL_EXHAUSTED,
        /** The pool budget ({@code maxPools}) is used up by pools that are in use. */
        POOL_BUDGET_EXHAUSTED,
        /** A deadlock or lock wait timeout persisted through the bounded retries. */
        CONTENTION,
        /**
         * The connection was lost while a write was being committed: it may or may not have taken
         * effect. Read back (or use an idempotent retry) before assuming either.
         */
        OUTCOME_UNKNOWN,
        /** The store was closed (and only that: an evicted or replaced pool is never reported so). */
        CLOSED
    }

    private final Reason reason;

    /**
     * @param reason  which cause
     * @param message what happened, naming the data source (never its password)
     * @param cause   the driver exception, or {@code null}
     */
    public UnavailableException(Reason reason, String message, @Nullable Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, cause);
        this.reason = reason;
    }

    /** @return which cause */
    public Reason reason() {
        return reason;
    }
}

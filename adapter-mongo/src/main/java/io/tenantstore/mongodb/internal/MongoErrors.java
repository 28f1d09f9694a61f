package io.tenantstore.mongodb.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.tenantstore.ConflictException;
import io.tenantstore.ErrorCode;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * Translates MongoDB driver exceptions into TenantStore's typed errors. Messages name the
 * operation and never carry the driver's message (which may quote key values); the driver
 * exception is kept as the cause. Stateless, thread-safe.
 *
 * <ul>
 *   <li>duplicate key (codes 11000, 11001, 12582) → {@link ConflictException};</li>
 *   <li>cannot reach the server, authentication refused, primary lost, interrupted →
 *       {@link UnavailableException} {@code DATABASE_DOWN};</li>
 *   <li>timed out waiting for a pooled connection → {@code POOL_EXHAUSTED};</li>
 *   <li>the client was closed → {@code CLOSED};</li>
 *   <li>anything else → {@link StoreException} {@link ErrorCode#INTERNAL}.</li>
 * </ul>
 */
final class MongoErrors {
    // The driver raises MongoTimeoutException both for server selection and for pool check-out;
    // only the message tells them apart, and a full pool is not a down database.
    private static final String POOL_WAIT_MESSAGE = "waiting for a connection";
    // What the driver's state assertion says when an operation runs on a closed MongoClient.
    private static final String CLOSED_MESSAGE = "state should be: open";
    /** The server's AuthenticationFailed error code. */
    static final int AUTHENTICATION_FAILED = 18;
    // Causes are followed this far, so a cyclic chain cannot loop.
    private static final int MAX_CAUSE_DEPTH = 8;

    private MongoErrors() {
    }

    /**
     * @param e a driver exception
     * @return whether it reports a unique index violation
     */
    static boolean isDuplicateKey(Throwable e) {
        if (e instanceof MongoWriteException w) {
            return w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        if (e instanceof MongoBulkWriteException b) {
            for (BulkWriteError error : b.getWriteErrors()) {
                if (error.getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return true;
                }
            }
            return false;
        }
        if (e instanceof MongoServerException s) {
            return ErrorCategory.fromErrorCode(s.getCode()) == ErrorCategory.DUPLICATE_KEY;
        }
        return false;
    }

    /**
     * Whether the server refused the login while a connection was being opened, so the request
     * itself never reached it and running it again is safe. The 5.x driver authenticates each new
     * pooled connection during its handshake; a refusal surfaces as:
     * <ul>
     *   <li>{@link MongoSecurityException} (its cause the server's {@code AuthenticationFailed},
     *       code 18) to the caller whose check-out opened the connection;</li>
     *   <li>{@link MongoConnectionPoolClearedException} caused by that security exception to
     *       callers waiting on the same pool, which the failed handshake cleared;</li>
     *   <li>{@link MongoTimeoutException} or {@link MongoSocketOpenException} caused by it, and a
     *       bare code 18 command error, for the less common paths.</li>
     * </ul>
     * A security exception caused by a network error (the socket broke during the handshake) is
     * not a refusal: the login may be fine.
     *
     * @param e what an operation threw
     * @return whether it reports a refused login
     */
    static boolean isLoginRefused(Throwable e) {
        if (e instanceof MongoSecurityException) {
            return !causedByNetwork(e.getCause());
        }
        if (e instanceof MongoServerException s) {
            return s.getCode() == AUTHENTICATION_FAILED;
        }
        if (e instanceof MongoConnectionPoolClearedException || e instanceof MongoTimeoutException
                || e instanceof MongoSocketOpenException) {
            Throwable t = e.getCause();
            for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
                if (t instanceof MongoSecurityException) {
                    return !causedByNetwork(t.getCause());
                }
                if (t instanceof MongoServerException s && s.getCode() == AUTHENTICATION_FAILED) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean causedByNetwork(@Nullable Throwable cause) {
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof MongoSocketException || cause instanceof MongoTimeoutException
                    || cause instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param e a driver exception
     * @return whether it says the server cannot be used right now (as opposed to a failed request)
     */
    static boolean isUnavailable(Throwable e) {
        return e instanceof MongoSocketException || e instanceof MongoTimeoutException
                || e instanceof MongoSecurityException || e instanceof MongoNotPrimaryException
                || e instanceof MongoNodeIsRecoveringException || e instanceof MongoConnectionPoolClearedException
                || e instanceof MongoInterruptedException
                || (e instanceof IllegalStateException && isClosedClient(e));
    }

    /**
     * Translates a failure of {@code operation}.
     *
     * @param e         what the driver threw; a {@link StoreException} is returned unchanged
     * @param operation what was attempted, e.g. {@code "create user in tenant 'acme'"}
     * @return the typed error to throw, with {@code e} as its cause
     */
    static StoreException translate(RuntimeException e, String operation) {
        if (e instanceof StoreException s) {
            return s;
        }
        if (isDuplicateKey(e)) {
            // The driver's message quotes the duplicate key (a token or code hash): keep only its type.
            IllegalStateException withheld = new IllegalStateException(e.getClass().getSimpleName()
                    + " (duplicate key; server message withheld: it quotes the key's values)");
            withheld.setStackTrace(e.getStackTrace());
            return new ConflictException(operation + " failed: a unique key is already taken", withheld);
        }
        if (e instanceof IllegalStateException && isClosedClient(e)) {
            return new UnavailableException(UnavailableException.Reason.CLOSED,
                    operation + " failed: the MongoDB connection is closed", e);
        }
        if (e instanceof MongoTimeoutException t && message(t).contains(POOL_WAIT_MESSAGE)) {
            return new UnavailableException(UnavailableException.Reason.POOL_EXHAUSTED,
                    operation + " failed: no pooled MongoDB connection became free in time", e);
        }
        if (e instanceof MongoSecurityException) {
            return new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    operation + " failed: MongoDB refused the login (check the username and password)", e);
        }
        if (e instanceof MongoInterruptedException) {
            Thread.currentThread().interrupt();
            return new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    operation + " was interrupted", e);
        }
        if (isUnavailable(e)) {
            return new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    operation + " failed: MongoDB cannot be reached (" + e.getClass().getSimpleName() + ")", e);
        }
        if (e instanceof MongoException m) {
            return new StoreException(ErrorCode.INTERNAL,
                    operation + " failed: MongoDB error " + m.getCode() + " (" + e.getClass().getSimpleName() + ")", e);
        }
        return new StoreException(ErrorCode.INTERNAL, operation + " failed: " + e.getClass().getName(), e);
    }

    private static boolean isClosedClient(Throwable e) {
        return message(e).contains(CLOSED_MESSAGE);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? "" : m;
    }
}

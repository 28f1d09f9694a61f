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
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.tenantstore.ConflictException;
import io.tenantstore.ErrorCode;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;

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
            return new ConflictException(operation + " failed: a unique key is already taken", e);
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

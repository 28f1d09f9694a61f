package io.tenantstore.jdbc.internal;

import java.util.Objects;
import java.util.function.Function;

import io.tenantstore.ConflictException;
import io.tenantstore.NotFoundException;
import io.tenantstore.StoreException;
import org.jspecify.annotations.Nullable;

/**
 * What a repository call was doing, so a driver failure becomes an error that names what collided
 * or what was missing. The message functions receive the constraint name the driver reported, or
 * {@code null}. Immutable and thread-safe.
 */
final class ErrorContext {
    private final String operation;
    private final @Nullable Function<@Nullable String, String> conflict;
    private final @Nullable Function<@Nullable String, String> missing;

    private ErrorContext(String operation, @Nullable Function<@Nullable String, String> conflict,
                         @Nullable Function<@Nullable String, String> missing) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.conflict = conflict;
        this.missing = missing;
    }

    /** @param operation e.g. {@code "create user"} @return a context with generic messages */
    static ErrorContext of(String operation) {
        return new ErrorContext(operation, null, null);
    }

    /** @param message constraint name to message; never a secret value @return a copy */
    ErrorContext onConflict(Function<@Nullable String, String> message) {
        return new ErrorContext(operation, message, missing);
    }

    /** @param message constraint name to message @return a copy */
    ErrorContext onMissingReference(Function<@Nullable String, String> message) {
        return new ErrorContext(operation, conflict, message);
    }

    String operation() {
        return operation;
    }

    StoreException conflict(@Nullable String constraint, Throwable cause) {
        String what = conflict != null ? conflict.apply(constraint)
                : operation + " failed: a unique value already exists"
                        + (constraint == null ? "" : " (" + constraint + ")");
        return new ConflictException(what, cause);
    }

    StoreException missingReference(@Nullable String constraint, Throwable cause) {
        String what = missing != null ? missing.apply(constraint)
                : operation + " failed: a referenced record does not exist"
                        + (constraint == null ? "" : " (" + constraint + ")");
        return new NotFoundException(what, cause);
    }
}

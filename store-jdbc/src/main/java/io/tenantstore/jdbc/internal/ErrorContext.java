package io.tenantstore.jdbc.internal;

import java.util.Objects;
import java.util.function.Function;

import io.tenantstore.ConflictException;
import io.tenantstore.NotFoundException;
import io.tenantstore.StoreException;
import io.tenantstore.jdbc.Constraint;
import io.tenantstore.jdbc.SqlFailure;
import org.jspecify.annotations.Nullable;

/**
 * What a repository call was doing, so a driver failure becomes an error that names what collided
 * or what was missing. The message functions receive the violated constraint as the dialect
 * classified it, or {@code null} when the engine did not say which. Immutable and thread-safe.
 */
final class ErrorContext {
    private final String operation;
    private final @Nullable Function<@Nullable Constraint, String> conflict;
    private final @Nullable Function<@Nullable Constraint, String> missing;

    private ErrorContext(String operation, @Nullable Function<@Nullable Constraint, String> conflict,
                         @Nullable Function<@Nullable Constraint, String> missing) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.conflict = conflict;
        this.missing = missing;
    }

    /** @param operation e.g. {@code "create user"} @return a context with generic messages */
    static ErrorContext of(String operation) {
        return new ErrorContext(operation, null, null);
    }

    /** @param message constraint (when classified) to message; never a secret value @return a copy */
    ErrorContext onConflict(Function<@Nullable Constraint, String> message) {
        return new ErrorContext(operation, message, missing);
    }

    /** @param message constraint (when classified) to message @return a copy */
    ErrorContext onMissingReference(Function<@Nullable Constraint, String> message) {
        return new ErrorContext(operation, conflict, message);
    }

    String operation() {
        return operation;
    }

    StoreException conflict(SqlFailure failure, Throwable cause) {
        String constraint = failure.constraint();
        String what = conflict != null ? conflict.apply(failure.knownConstraint().orElse(null))
                : operation + " failed: a unique value already exists"
                        + (constraint == null ? "" : " (" + constraint + ")");
        return new ConflictException(what, cause);
    }

    StoreException missingReference(SqlFailure failure, Throwable cause) {
        String constraint = failure.constraint();
        String what = missing != null ? missing.apply(failure.knownConstraint().orElse(null))
                : operation + " failed: a referenced record does not exist"
                        + (constraint == null ? "" : " (" + constraint + ")");
        return new NotFoundException(what, cause);
    }
}

package io.tenantstore.jdbc;

import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What a driver exception means, as classified by a {@link SqlDialect}. Immutable.
 *
 * @param kind       the class of failure
 * @param constraint the violated constraint's name, when the driver reports it
 */
public record SqlFailure(Kind kind, @Nullable String constraint) {
    /** Rejects a null kind. */
    public SqlFailure {
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * @param kind the class of failure
     * @return a failure without a constraint name
     */
    public static SqlFailure of(Kind kind) {
        return new SqlFailure(kind, null);
    }

    /**
     * @param kind       the class of failure
     * @param constraint the violated constraint
     * @return a failure naming one of TenantStore's constraints
     */
    public static SqlFailure of(Kind kind, Constraint constraint) {
        return new SqlFailure(kind, constraint.constraintName());
    }

    /** @return the violated constraint's name, if the driver reported it */
    public Optional<String> constraintName() {
        return Optional.ofNullable(constraint);
    }

    /**
     * @return the violated constraint, when the reported name is one of TenantStore's; empty when
     *         the driver named none (SQLite's foreign keys) or another one
     */
    public Optional<Constraint> knownConstraint() {
        return Constraint.byName(constraint);
    }

    /** The classes of driver failure the repositories treat differently. */
    public enum Kind {
        /** A unique or primary key was violated; becomes a ConflictException. */
        UNIQUE_VIOLATION,
        /** A foreign key points nowhere; becomes a NotFoundException for the missing parent. */
        FOREIGN_KEY_VIOLATION,
        /** The database rejected a value (too long, wrong format); becomes an InvalidInputException. */
        INVALID_DATA,
        /** The connection failed or the server refused it; becomes UnavailableException(DATABASE_DOWN). */
        CONNECTION_FAILURE,
        /** A deadlock or serialization failure; retried, then UnavailableException(CONTENTION). */
        CONTENTION,
        /** Anything else; becomes StoreException(INTERNAL). */
        OTHER
    }
}

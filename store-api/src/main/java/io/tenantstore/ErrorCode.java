package io.tenantstore;

/**
 * Machine-readable cause of a {@link StoreException}. Stable across releases; new codes may be added.
 */
public enum ErrorCode {
    /** No tenant with that slug or id. */
    TENANT_NOT_FOUND,
    /** The tenant has no database; the data-plane call cannot work. */
    NO_DATABASE,
    /** The addressed record does not exist. */
    NOT_FOUND,
    /** A uniqueness rule was violated (duplicate email, client id, role name, ...). */
    CONFLICT,
    /** An optimistic write carried a stale version. */
    VERSION_CONFLICT,
    /** The input was rejected before anything was written. */
    INVALID_INPUT,
    /** A refresh token was presented after it had been rotated; its family was revoked. */
    TOKEN_REUSED,
    /** A refresh token was presented after its expiry. */
    TOKEN_EXPIRED,
    /** A refresh token was presented after it had been revoked. */
    TOKEN_REVOKED,
    /** This process opened the control plane read-only. */
    NOT_LEADER,
    /** A database is down, a circuit breaker is open or a pool is exhausted. */
    UNAVAILABLE,
    /** Database credentials could not be obtained. */
    CREDENTIAL,
    /** A schema migration failed. */
    MIGRATION,
    /** A secret could not be decrypted or encrypted. */
    SECRET,
    /** The store's configuration is invalid (unknown adapter, bad setting, ...). */
    CONFIGURATION,
    /** The adapter does not offer this operation (e.g. purging a tenant's data). */
    UNSUPPORTED,
    /** An unexpected failure inside the store or a driver. */
    INTERNAL
}

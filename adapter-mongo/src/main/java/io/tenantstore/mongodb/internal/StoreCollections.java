package io.tenantstore.mongodb.internal;

/**
 * Names of the collections the adapter writes in a tenant's database (or the shared database).
 * The names match the SQL adapters' tables, so operators find the same data under the same name.
 * Constants only, thread-safe.
 */
final class StoreCollections {
    /** Users, each with its password identity embedded. */
    static final String USERS = "users";
    /** Refresh tokens, by hash. */
    static final String REFRESH_TOKENS = "refresh_tokens";
    /** TOTP enrolments, one per user. */
    static final String MFA_TOTP = "mfa_totp";
    /** Recovery codes, one document per code, so using one is a single-document update. */
    static final String MFA_RECOVERY_CODES = "mfa_recovery_codes";
    /** Trusted devices. */
    static final String MFA_TRUSTED_DEVICES = "mfa_trusted_devices";
    /** OAuth consents. */
    static final String CONSENTS = "consents";
    /** Roles. */
    static final String ROLES = "roles";
    /** Role assignments (user to role name). */
    static final String USER_ROLES = "user_roles";
    /** One-time tokens (email verification, password reset, magic link, invitation), by hash. */
    static final String ONE_TIME_TOKENS = "one_time_tokens";
    /** External identities (provider, subject) of users; the password stays in the user's document. */
    static final String IDENTITIES = "identities";
    /** Applied index migrations, one document per version. */
    static final String MIGRATIONS = "_tenantstore_migrations";

    /** The tenant field: in every document, every filter, and leading every index. */
    static final String TENANT_ID = "tenantId";
    /** MongoDB's primary key field. */
    static final String ID = "_id";

    private StoreCollections() {
    }
}

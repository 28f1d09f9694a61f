package io.tenantstore.mongodb.internal;

/**
 * Document field names, shared by the repositories and the index migrations so an index always
 * names the field a query filters on. Constants only, thread-safe.
 */
final class Fields {
    // Common
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String USER_ID = "userId";
    static final String CLIENT_ID = "clientId";
    static final String SCOPES = "scopes";
    static final String EXPIRES_AT = "expiresAt";
    static final String REVOKED_AT = "revokedAt";

    // users
    static final String EMAIL = "email";
    /** The email lower-cased with {@code Locale.ROOT}: the unique key, so uniqueness ignores case. */
    static final String EMAIL_LOWER = "emailLower";
    static final String EMAIL_VERIFIED = "emailVerified";
    static final String DISPLAY_NAME = "displayName";
    /** Search keys: the names lower-cased with {@code Locale.ROOT}, compared as prefix ranges. */
    static final String DISPLAY_NAME_LOWER = "displayNameLower";
    static final String GIVEN_NAME_LOWER = "givenNameLower";
    static final String FAMILY_NAME_LOWER = "familyNameLower";
    // profile
    static final String GIVEN_NAME = "givenName";
    static final String FAMILY_NAME = "familyName";
    static final String PICTURE_URL = "pictureUrl";
    static final String LOCALE = "locale";
    static final String ZONE_INFO = "zoneInfo";
    static final String PHONE_NUMBER = "phoneNumber";
    static final String PHONE_NUMBER_VERIFIED = "phoneNumberVerified";
    static final String METADATA = "metadata";
    static final String DISABLED = "disabled";
    static final String DISABLED_AT = "at";
    static final String DISABLED_BY = "by";
    static final String DISABLED_REASON = "reason";
    static final String DISABLED_UNTIL = "until";
    static final String PASSWORD = "password";
    static final String PASSWORD_HASH = "hash";
    static final String PASSWORD_UPDATED_AT = "updatedAt";

    // refresh_tokens
    static final String TOKEN_HASH = "tokenHash";
    static final String FAMILY_ID = "familyId";
    static final String ROTATED_AT = "rotatedAt";

    // mfa_totp
    static final String SECRET = "secret";
    static final String CONFIRMED = "confirmed";
    static final String CONFIRMED_AT = "confirmedAt";
    static final String LAST_USED_STEP = "lastUsedStep";

    // mfa_recovery_codes
    static final String CODE_HASH = "codeHash";
    static final String USED_AT = "usedAt";

    // mfa_trusted_devices
    static final String DEVICE_HASH = "deviceHash";

    // consents
    static final String GRANTED_AT = "grantedAt";

    // roles
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String PERMISSIONS = "permissions";
    static final String INHERITS_FROM = "inheritsFrom";
    static final String SYSTEM = "system";

    // user_roles
    static final String ROLE_NAME = "roleName";
    static final String ASSIGNED_AT = "assignedAt";

    // one_time_tokens
    static final String PURPOSE = "purpose";
    static final String CONSUMED_AT = "consumedAt";

    // identities
    static final String PROVIDER = "provider";
    static final String SUBJECT = "subject";
    static final String CLAIMS = "claims";

    // _tenantstore_migrations
    static final String MIGRATION_DESCRIPTION = "description";
    static final String APPLIED_AT = "appliedAt";

    private Fields() {
    }
}

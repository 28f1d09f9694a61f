package io.tenantstore.model;

/** What a one-time token is for; a token is only consumed for the purpose it was issued for. */
public enum OneTimeTokenPurpose {
    /** Proves that the user controls an email address. */
    EMAIL_VERIFICATION,
    /** Lets the user set a new password. */
    PASSWORD_RESET,
    /** Signs the user in without a password. */
    MAGIC_LINK,
    /** Invites someone (an existing user, or only an email address) to the tenant. */
    INVITATION
}

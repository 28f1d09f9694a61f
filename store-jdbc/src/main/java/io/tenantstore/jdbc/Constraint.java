package io.tenantstore.jdbc;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The named keys of TenantStore's schema (version 1), which every dialect's migrations create
 * under these names. A dialect classifies a violation into one of them
 * ({@link SqlFailure#knownConstraint()}): by the name the driver reports (PostgreSQL, MySQL), or by
 * the table and columns when the engine reports those instead (SQLite). The repositories decide
 * their error messages on these values, never on driver text. Immutable.
 */
public enum Constraint {
    /** Primary key of users. */
    USERS_PK(Kind.PRIMARY_KEY, "ts_users", "tenant_id", "id"),
    /** One email (lower-cased) per tenant. */
    USERS_EMAIL_UK(Kind.UNIQUE, "ts_users", "tenant_id", "email_normalized"),
    /** Primary key of password identities. */
    PASSWORD_IDENTITIES_PK(Kind.PRIMARY_KEY, "ts_password_identities", "tenant_id", "user_id"),
    /** A password identity's user. */
    PASSWORD_IDENTITIES_USER_FK(Kind.FOREIGN_KEY, "ts_password_identities", "tenant_id", "user_id"),
    /** Primary key of refresh tokens. */
    REFRESH_TOKENS_PK(Kind.PRIMARY_KEY, "ts_refresh_tokens", "tenant_id", "id"),
    /** One token hash per tenant. */
    REFRESH_TOKENS_HASH_UK(Kind.UNIQUE, "ts_refresh_tokens", "tenant_id", "token_hash"),
    /** A refresh token's user. */
    REFRESH_TOKENS_USER_FK(Kind.FOREIGN_KEY, "ts_refresh_tokens", "tenant_id", "user_id"),
    /** One TOTP enrolment per user. */
    MFA_TOTP_PK(Kind.PRIMARY_KEY, "ts_mfa_totp", "tenant_id", "user_id"),
    /** A TOTP enrolment's user. */
    MFA_TOTP_USER_FK(Kind.FOREIGN_KEY, "ts_mfa_totp", "tenant_id", "user_id"),
    /** Primary key of recovery codes. */
    MFA_RECOVERY_CODES_PK(Kind.PRIMARY_KEY, "ts_mfa_recovery_codes", "tenant_id", "user_id", "code_hash"),
    /** A recovery code's user. */
    MFA_RECOVERY_CODES_USER_FK(Kind.FOREIGN_KEY, "ts_mfa_recovery_codes", "tenant_id", "user_id"),
    /** Primary key of trusted devices. */
    MFA_TRUSTED_DEVICES_PK(Kind.PRIMARY_KEY, "ts_mfa_trusted_devices", "tenant_id", "user_id", "device_hash"),
    /** A trusted device's user. */
    MFA_TRUSTED_DEVICES_USER_FK(Kind.FOREIGN_KEY, "ts_mfa_trusted_devices", "tenant_id", "user_id"),
    /** One consent per user and client. */
    CONSENTS_PK(Kind.PRIMARY_KEY, "ts_consents", "tenant_id", "user_id", "client_id"),
    /** A consent's user. */
    CONSENTS_USER_FK(Kind.FOREIGN_KEY, "ts_consents", "tenant_id", "user_id"),
    /** Primary key of roles. */
    ROLES_PK(Kind.PRIMARY_KEY, "ts_roles", "tenant_id", "id"),
    /** One role name per tenant. */
    ROLES_NAME_UK(Kind.UNIQUE, "ts_roles", "tenant_id", "name"),
    /** Primary key of role permissions. */
    ROLE_PERMISSIONS_PK(Kind.PRIMARY_KEY, "ts_role_permissions", "tenant_id", "role_id", "permission"),
    /** A permission's role. */
    ROLE_PERMISSIONS_ROLE_FK(Kind.FOREIGN_KEY, "ts_role_permissions", "tenant_id", "role_id"),
    /** Primary key of role parents. */
    ROLE_PARENTS_PK(Kind.PRIMARY_KEY, "ts_role_parents", "tenant_id", "role_id", "parent_id"),
    /** The inheriting role. */
    ROLE_PARENTS_ROLE_FK(Kind.FOREIGN_KEY, "ts_role_parents", "tenant_id", "role_id"),
    /** The inherited role. */
    ROLE_PARENTS_PARENT_FK(Kind.FOREIGN_KEY, "ts_role_parents", "tenant_id", "parent_id"),
    /** One assignment per user and role. */
    USER_ROLES_PK(Kind.PRIMARY_KEY, "ts_user_roles", "tenant_id", "user_id", "role_id"),
    /** An assignment's user. */
    USER_ROLES_USER_FK(Kind.FOREIGN_KEY, "ts_user_roles", "tenant_id", "user_id"),
    /** An assignment's role. */
    USER_ROLES_ROLE_FK(Kind.FOREIGN_KEY, "ts_user_roles", "tenant_id", "role_id");

    /** What kind of key. */
    public enum Kind {
        /** A primary key. */
        PRIMARY_KEY,
        /** A unique key. */
        UNIQUE,
        /** A foreign key. */
        FOREIGN_KEY
    }

    private final Kind kind;
    private final String table;
    private final List<String> columns;

    Constraint(Kind kind, String table, String... columns) {
        this.kind = kind;
        this.table = table;
        this.columns = List.of(columns);
    }

    /** @return the name the migrations give it, e.g. {@code ts_users_email_uk} */
    public String constraintName() {
        return "ts_" + name().toLowerCase(Locale.ROOT);
    }

    /** @return what kind of key it is */
    public Kind kind() {
        return kind;
    }

    /** @return the table it belongs to */
    public String table() {
        return table;
    }

    /** @return its columns, in key order */
    public List<String> columns() {
        return columns;
    }

    /**
     * @param name a constraint name as a driver reports it, any case
     * @return the constraint of that name, if it is one of TenantStore's
     */
    public static Optional<Constraint> byName(@Nullable String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (Constraint c : values()) {
            if (c.constraintName().equalsIgnoreCase(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * For engines that report a violated unique or primary key by its columns (SQLite).
     *
     * @param table   the table
     * @param columns the key's columns, in key order
     * @return the primary or unique key with exactly those columns
     */
    public static Optional<Constraint> uniqueKeyOf(String table, List<String> columns) {
        for (Constraint c : values()) {
            if (c.kind != Kind.FOREIGN_KEY && c.table.equals(table) && c.columns.equals(columns)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}

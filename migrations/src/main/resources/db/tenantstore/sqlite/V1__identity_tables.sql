-- TenantStore data plane, SQLite 3.35+, version 1.
--
-- The same tables, keys and indexes as the PostgreSQL script: tenant_id leads every primary key,
-- unique key, foreign key and index. The adapter turns foreign keys on for every connection
-- (PRAGMA foreign_keys), so the ON DELETE CASCADE clauses hold as on the server engines.
--
-- Types (SQLite stores by value, so the declared type is documentation and affinity):
-- * ids are UUIDs in canonical lower-case text: they sort like PostgreSQL's uuid (byte order);
-- * times are UTC text with six fraction digits, 'YYYY-MM-DD HH:MM:SS.ffffff', written from the
--   store's clock (never CURRENT_TIMESTAMP): fixed width, so text order is time order, and
--   SQLite's date functions read them;
-- * booleans are INTEGER 0 or 1 (TRUE and FALSE are 1 and 0 in SQLite);
-- * lengths are not enforced by SQLite; the repositories check every size before writing.
-- Tables are unqualified: each database file holds one target.

CREATE TABLE ts_users (
    tenant_id        TEXT          NOT NULL,
    id               TEXT          NOT NULL,
    email            TEXT  NOT NULL,
    -- lower-cased email: uniqueness and lookups are case-insensitive without a functional index
    email_normalized TEXT  NOT NULL,
    email_verified   INTEGER       NOT NULL,
    display_name     TEXT,
    disabled_at      TEXT,
    disabled_by      TEXT,
    disabled_reason  TEXT,
    disabled_until   TEXT,
    created_at       TEXT   NOT NULL,
    updated_at       TEXT   NOT NULL,
    CONSTRAINT ts_users_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT ts_users_email_uk UNIQUE (tenant_id, email_normalized)
);

CREATE TABLE ts_password_identities (
    tenant_id     TEXT          NOT NULL,
    user_id       TEXT          NOT NULL,
    password_hash TEXT NOT NULL,
    updated_at    TEXT   NOT NULL,
    CONSTRAINT ts_password_identities_pk PRIMARY KEY (tenant_id, user_id),
    CONSTRAINT ts_password_identities_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE ts_refresh_tokens (
    tenant_id  TEXT         NOT NULL,
    id         TEXT         NOT NULL,
    token_hash TEXT NOT NULL,
    user_id    TEXT         NOT NULL,
    client_id  TEXT NOT NULL,
    family_id  TEXT         NOT NULL,
    -- space-separated (RFC 6749 scope syntax), in the order granted
    scopes     TEXT         NOT NULL,
    created_at TEXT  NOT NULL,
    expires_at TEXT  NOT NULL,
    revoked_at TEXT,
    rotated_at TEXT,
    CONSTRAINT ts_refresh_tokens_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT ts_refresh_tokens_hash_uk UNIQUE (tenant_id, token_hash),
    CONSTRAINT ts_refresh_tokens_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
);
-- revokeAllByUser (with or without client) and the user foreign key
CREATE INDEX ts_refresh_tokens_user_ix ON ts_refresh_tokens (tenant_id, user_id, client_id);
-- revokeAllByClient
CREATE INDEX ts_refresh_tokens_client_ix ON ts_refresh_tokens (tenant_id, client_id);
-- family revocation on reuse
CREATE INDEX ts_refresh_tokens_family_ix ON ts_refresh_tokens (tenant_id, family_id);
-- deleteExpired
CREATE INDEX ts_refresh_tokens_expiry_ix ON ts_refresh_tokens (tenant_id, expires_at);

CREATE TABLE ts_mfa_totp (
    tenant_id      TEXT         NOT NULL,
    user_id        TEXT         NOT NULL,
    secret         TEXT NOT NULL,
    confirmed      INTEGER      NOT NULL,
    last_used_step INTEGER,
    created_at     TEXT  NOT NULL,
    confirmed_at   TEXT,
    CONSTRAINT ts_mfa_totp_pk PRIMARY KEY (tenant_id, user_id),
    CONSTRAINT ts_mfa_totp_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE ts_mfa_recovery_codes (
    tenant_id  TEXT         NOT NULL,
    user_id    TEXT         NOT NULL,
    code_hash  TEXT NOT NULL,
    created_at TEXT  NOT NULL,
    used_at    TEXT,
    CONSTRAINT ts_mfa_recovery_codes_pk PRIMARY KEY (tenant_id, user_id, code_hash),
    CONSTRAINT ts_mfa_recovery_codes_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE ts_mfa_trusted_devices (
    tenant_id   TEXT         NOT NULL,
    user_id     TEXT         NOT NULL,
    device_hash TEXT NOT NULL,
    created_at  TEXT  NOT NULL,
    expires_at  TEXT  NOT NULL,
    CONSTRAINT ts_mfa_trusted_devices_pk PRIMARY KEY (tenant_id, user_id, device_hash),
    CONSTRAINT ts_mfa_trusted_devices_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE ts_consents (
    tenant_id  TEXT         NOT NULL,
    user_id    TEXT         NOT NULL,
    client_id  TEXT NOT NULL,
    -- space-separated, sorted
    scopes     TEXT         NOT NULL,
    granted_at TEXT  NOT NULL,
    updated_at TEXT  NOT NULL,
    revoked_at TEXT,
    CONSTRAINT ts_consents_pk PRIMARY KEY (tenant_id, user_id, client_id),
    CONSTRAINT ts_consents_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE ts_roles (
    tenant_id   TEXT          NOT NULL,
    id          TEXT          NOT NULL,
    name        TEXT  NOT NULL,
    description TEXT NOT NULL,
    "system"    INTEGER       NOT NULL,
    created_at  TEXT   NOT NULL,
    updated_at  TEXT   NOT NULL,
    CONSTRAINT ts_roles_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT ts_roles_name_uk UNIQUE (tenant_id, name)
);

CREATE TABLE ts_role_permissions (
    tenant_id  TEXT         NOT NULL,
    role_id    TEXT         NOT NULL,
    permission TEXT NOT NULL,
    CONSTRAINT ts_role_permissions_pk PRIMARY KEY (tenant_id, role_id, permission),
    CONSTRAINT ts_role_permissions_role_fk FOREIGN KEY (tenant_id, role_id)
        REFERENCES ts_roles (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE ts_role_parents (
    tenant_id TEXT    NOT NULL,
    role_id   TEXT    NOT NULL,
    parent_id TEXT    NOT NULL,
    -- keeps inheritsFrom in the order it was given
    position  INTEGER NOT NULL,
    CONSTRAINT ts_role_parents_pk PRIMARY KEY (tenant_id, role_id, parent_id),
    CONSTRAINT ts_role_parents_role_fk FOREIGN KEY (tenant_id, role_id)
        REFERENCES ts_roles (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT ts_role_parents_parent_fk FOREIGN KEY (tenant_id, parent_id)
        REFERENCES ts_roles (tenant_id, id) ON DELETE CASCADE
);
-- the parent foreign key (deleting a role) and reverse lookups
CREATE INDEX ts_role_parents_parent_ix ON ts_role_parents (tenant_id, parent_id);

CREATE TABLE ts_user_roles (
    tenant_id   TEXT        NOT NULL,
    user_id     TEXT        NOT NULL,
    role_id     TEXT        NOT NULL,
    assigned_at TEXT NOT NULL,
    CONSTRAINT ts_user_roles_pk PRIMARY KEY (tenant_id, user_id, role_id),
    CONSTRAINT ts_user_roles_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT ts_user_roles_role_fk FOREIGN KEY (tenant_id, role_id)
        REFERENCES ts_roles (tenant_id, id) ON DELETE CASCADE
);
-- the role foreign key (deleting a role)
CREATE INDEX ts_user_roles_role_ix ON ts_user_roles (tenant_id, role_id);

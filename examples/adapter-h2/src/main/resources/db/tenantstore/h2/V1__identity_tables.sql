-- TenantStore data plane, H2 (the PostgreSQL script with H2 type names), version 1.
--
-- Every table has tenant_id leading its primary key, unique keys and foreign keys, so a table can
-- be distributed by tenant_id (Citus) and every lookup is bounded to one tenant by an index prefix.
-- Ids are UUIDs. Times are timestamp with time zone written from the store's clock (never now()), so tests with
-- a fake clock see the times they set.
-- Tables are unqualified: Flyway runs this script with the target schema first on its search_path.

CREATE TABLE ts_users (
    tenant_id        uuid          NOT NULL,
    id               uuid          NOT NULL,
    email            varchar(254)  NOT NULL,
    -- lower-cased email: uniqueness and lookups are case-insensitive without a functional index
    email_normalized varchar(254)  NOT NULL,
    email_verified   boolean       NOT NULL,
    display_name     varchar(256),
    disabled_at      timestamp with time zone,
    disabled_by      varchar(256),
    disabled_reason  varchar(1024),
    disabled_until   timestamp with time zone,
    created_at       timestamp with time zone   NOT NULL,
    updated_at       timestamp with time zone   NOT NULL,
    CONSTRAINT ts_users_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT ts_users_email_uk UNIQUE (tenant_id, email_normalized)
);

CREATE TABLE ts_password_identities (
    tenant_id     uuid          NOT NULL,
    user_id       uuid          NOT NULL,
    password_hash varchar(1024) NOT NULL,
    updated_at    timestamp with time zone   NOT NULL,
    CONSTRAINT ts_password_identities_pk PRIMARY KEY (tenant_id, user_id),
    CONSTRAINT ts_password_identities_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE ts_refresh_tokens (
    tenant_id  uuid         NOT NULL,
    id         uuid         NOT NULL,
    token_hash varchar(256) NOT NULL,
    user_id    uuid         NOT NULL,
    client_id  varchar(128) NOT NULL,
    family_id  uuid         NOT NULL,
    -- space-separated (RFC 6749 scope syntax), in the order granted
    scopes     varchar(65535)         NOT NULL,
    created_at timestamp with time zone  NOT NULL,
    expires_at timestamp with time zone  NOT NULL,
    revoked_at timestamp with time zone,
    rotated_at timestamp with time zone,
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
    tenant_id      uuid         NOT NULL,
    user_id        uuid         NOT NULL,
    secret         varchar(512) NOT NULL,
    confirmed      boolean      NOT NULL,
    last_used_step bigint,
    created_at     timestamp with time zone  NOT NULL,
    confirmed_at   timestamp with time zone,
    CONSTRAINT ts_mfa_totp_pk PRIMARY KEY (tenant_id, user_id),
    CONSTRAINT ts_mfa_totp_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE ts_mfa_recovery_codes (
    tenant_id  uuid         NOT NULL,
    user_id    uuid         NOT NULL,
    code_hash  varchar(256) NOT NULL,
    created_at timestamp with time zone  NOT NULL,
    used_at    timestamp with time zone,
    CONSTRAINT ts_mfa_recovery_codes_pk PRIMARY KEY (tenant_id, user_id, code_hash),
    CONSTRAINT ts_mfa_recovery_codes_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE ts_mfa_trusted_devices (
    tenant_id   uuid         NOT NULL,
    user_id     uuid         NOT NULL,
    device_hash varchar(256) NOT NULL,
    created_at  timestamp with time zone  NOT NULL,
    expires_at  timestamp with time zone  NOT NULL,
    CONSTRAINT ts_mfa_trusted_devices_pk PRIMARY KEY (tenant_id, user_id, device_hash),
    CONSTRAINT ts_mfa_trusted_devices_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE ts_consents (
    tenant_id  uuid         NOT NULL,
    user_id    uuid         NOT NULL,
    client_id  varchar(128) NOT NULL,
    -- space-separated, sorted
    scopes     varchar(65535)         NOT NULL,
    granted_at timestamp with time zone  NOT NULL,
    updated_at timestamp with time zone  NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT ts_consents_pk PRIMARY KEY (tenant_id, user_id, client_id),
    CONSTRAINT ts_consents_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE ts_roles (
    tenant_id   uuid          NOT NULL,
    id          uuid          NOT NULL,
    name        varchar(128)  NOT NULL,
    description varchar(1024) NOT NULL,
    system      boolean       NOT NULL,
    created_at  timestamp with time zone   NOT NULL,
    updated_at  timestamp with time zone   NOT NULL,
    CONSTRAINT ts_roles_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT ts_roles_name_uk UNIQUE (tenant_id, name)
);

CREATE TABLE ts_role_permissions (
    tenant_id  uuid         NOT NULL,
    role_id    uuid         NOT NULL,
    permission varchar(256) NOT NULL,
    CONSTRAINT ts_role_permissions_pk PRIMARY KEY (tenant_id, role_id, permission),
    CONSTRAINT ts_role_permissions_role_fk FOREIGN KEY (tenant_id, role_id)
        REFERENCES ts_roles (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE ts_role_parents (
    tenant_id uuid    NOT NULL,
    role_id   uuid    NOT NULL,
    parent_id uuid    NOT NULL,
    -- keeps inheritsFrom in the order it was given
    position  integer NOT NULL,
    CONSTRAINT ts_role_parents_pk PRIMARY KEY (tenant_id, role_id, parent_id),
    CONSTRAINT ts_role_parents_role_fk FOREIGN KEY (tenant_id, role_id)
        REFERENCES ts_roles (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT ts_role_parents_parent_fk FOREIGN KEY (tenant_id, parent_id)
        REFERENCES ts_roles (tenant_id, id) ON DELETE CASCADE
);
-- the parent foreign key (deleting a role) and reverse lookups
CREATE INDEX ts_role_parents_parent_ix ON ts_role_parents (tenant_id, parent_id);

CREATE TABLE ts_user_roles (
    tenant_id   uuid        NOT NULL,
    user_id     uuid        NOT NULL,
    role_id     uuid        NOT NULL,
    assigned_at timestamp with time zone NOT NULL,
    CONSTRAINT ts_user_roles_pk PRIMARY KEY (tenant_id, user_id, role_id),
    CONSTRAINT ts_user_roles_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT ts_user_roles_role_fk FOREIGN KEY (tenant_id, role_id)
        REFERENCES ts_roles (tenant_id, id) ON DELETE CASCADE
);
-- the role foreign key (deleting a role)
CREATE INDEX ts_user_roles_role_ix ON ts_user_roles (tenant_id, role_id);

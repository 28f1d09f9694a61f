-- TenantStore data plane, MySQL 8.0+ and MariaDB 10.6+, version 1.
--
-- The same tables, keys and indexes as the PostgreSQL script: tenant_id leads every primary key,
-- unique key, foreign key and index, so every lookup is bounded to one tenant by an index prefix.
-- Times are written from the store's clock (never NOW()).
--
-- Types:
-- * ids are UUIDs in canonical text, CHAR(36) in ascii with a binary collation: readable in the
--   application's own queries, ordered like PostgreSQL's uuid (byte order), 36 bytes in a key;
-- * times are DATETIME(6) holding UTC (microseconds, like timestamptz); the adapter binds and reads
--   them as UTC wall-clock values and pins the session time zone to UTC, so neither the driver nor
--   the server's time zone shifts them;
-- * text is utf8mb4 with the binary collation utf8mb4_bin: equality, uniqueness and ORDER BY are
--   code-point exact, as in PostgreSQL. The servers' default collations are case- and (MySQL 8)
--   accent-insensitive, under which token hashes differing in case would collide. Case-insensitive
--   email uniqueness comes from the lower-cased email_normalized column, as on PostgreSQL.
--   utf8mb4_bin ignores trailing spaces when comparing (PAD SPACE; the NO PAD binary collations
--   are named differently on MySQL and MariaDB): no keyed text here can end in a space, the
--   repositories reject whitespace in hashes, emails, client ids, role names and permissions;
-- * booleans are BOOLEAN (TINYINT(1)).
--
-- Key sizes: InnoDB's DYNAMIC row format allows 3072 bytes per index; utf8mb4 counts 4 bytes per
-- character. The widest keys here are (tenant_id, user_id, code_hash/device_hash) and
-- (tenant_id, role_id, permission): 36 + 36 + 256 * 4 = 1096 bytes.
--
-- `system` is a reserved word in MySQL 8.0.3+ and is quoted wherever it appears.
-- Tables are unqualified: Flyway runs this script with the target database as the current one.

CREATE TABLE ts_users (
    tenant_id        CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id               CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    email            VARCHAR(254)  NOT NULL,
    -- lower-cased email: uniqueness and lookups are case-insensitive without a functional index
    email_normalized VARCHAR(254)  NOT NULL,
    email_verified   BOOLEAN       NOT NULL,
    display_name     VARCHAR(256),
    disabled_at      DATETIME(6),
    disabled_by      VARCHAR(256),
    disabled_reason  VARCHAR(1024),
    disabled_until   DATETIME(6),
    created_at       DATETIME(6)   NOT NULL,
    updated_at       DATETIME(6)   NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT ts_users_email_uk UNIQUE KEY ts_users_email_uk (tenant_id, email_normalized)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin ROW_FORMAT = DYNAMIC;

CREATE TABLE ts_password_identities (
    tenant_id     CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id       CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    password_hash VARCHAR(1024) NOT NULL,
    updated_at    DATETIME(6)   NOT NULL,
    PRIMARY KEY (tenant_id, user_id),
    CONSTRAINT ts_password_identities_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin ROW_FORMAT = DYNAMIC;

CREATE TABLE ts_refresh_tokens (
    tenant_id  CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id         CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    token_hash VARCHAR(256) NOT NULL,
    user_id    CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    client_id  VARCHAR(128) NOT NULL,
    family_id  CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- space-separated (RFC 6749 scope syntax), in the order granted
    scopes     MEDIUMTEXT   NOT NULL,
    created_at DATETIME(6)  NOT NULL,
    expires_at DATETIME(6)  NOT NULL,
    revoked_at DATETIME(6),
    rotated_at DATETIME(6),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT ts_refresh_tokens_hash_uk UNIQUE KEY ts_refresh_tokens_hash_uk (tenant_id, token_hash),
    -- revokeAllByUser (with or without client) and the user foreign key
    INDEX ts_refresh_tokens_user_ix (tenant_id, user_id, client_id),
    -- revokeAllByClient
    INDEX ts_refresh_tokens_client_ix (tenant_id, client_id),
    -- family revocation on reuse
    INDEX ts_refresh_tokens_family_ix (tenant_id, family_id),
    -- deleteExpired
    INDEX ts_refresh_tokens_expiry_ix (tenant_id, expires_at),
    CONSTRAINT ts_refresh_tokens_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin ROW_FORMAT = DYNAMIC;

CREATE TABLE ts_mfa_totp (
    tenant_id      CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id        CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    secret         VARCHAR(512) NOT NULL,
    confirmed      BOOLEAN      NOT NULL,
    last_used_step BIGINT,
    created_at     DATETIME(6)  NOT NULL,
    confirmed_at   DATETIME(6),
    PRIMARY KEY (tenant_id, user_id),
    CONSTRAINT ts_mfa_totp_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin ROW_FORMAT = DYNAMIC;

CREATE TABLE ts_mfa_recovery_codes (
    tenant_id  CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id    CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    code_hash  VARCHAR(256) NOT NULL,
    created_at DATETIME(6)  NOT NULL,
    used_at    DATETIME(6),
    PRIMARY KEY (tenant_id, user_id, code_hash),
    CONSTRAINT ts_mfa_recovery_codes_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin ROW_FORMAT = DYNAMIC;

CREATE TABLE ts_mfa_trusted_devices (
    tenant_id   CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id     CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    device_hash VARCHAR(256) NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    expires_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (tenant_id, user_id, device_hash),
    CONSTRAINT ts_mfa_trusted_devices_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin ROW_FORMAT = DYNAMIC;

CREATE TABLE ts_consents (
    tenant_id  CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id    CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    client_id  VARCHAR(128) NOT NULL,
    -- space-separated, sorted
    scopes     MEDIUMTEXT   NOT NULL,
    granted_at DATETIME(6)  NOT NULL,
    updated_at DATETIME(6)  NOT NULL,
    revoked_at DATETIME(6),
    PRIMARY KEY (tenant_id, user_id, client_id),
    CONSTRAINT ts_consents_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin ROW_FORMAT = DYNAMIC;

CREATE TABLE ts_roles (
    tenant_id   CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id          CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    name        VARCHAR(128)  NOT NULL,
    description VARCHAR(1024) NOT NULL,
    `system`    BOOLEAN       NOT NULL,
    created_at  DATETIME(6)   NOT NULL,
    updated_at  DATETIME(6)   NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT ts_roles_name_uk UNIQUE KEY ts_roles_name_uk (tenant_id, name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin ROW_FORMAT = DYNAMIC;

CREATE TABLE ts_role_permissions (
    tenant_id  CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    role_id    CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    permission VARCHAR(256) NOT NULL,
    PRIMARY KEY (tenant_id, role_id, permission),
    CONSTRAINT ts_role_permissions_role_fk FOREIGN KEY (tenant_id, role_id)
        REFERENCES ts_roles (tenant_id, id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin ROW_FORMAT = DYNAMIC;

CREATE TABLE ts_role_parents (
    tenant_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    role_id   CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    parent_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- keeps inheritsFrom in the order it was given
    position  INT NOT NULL,
    PRIMARY KEY (tenant_id, role_id, parent_id),
    -- the parent foreign key (deleting a role) and reverse lookups
    INDEX ts_role_parents_parent_ix (tenant_id, parent_id),
    CONSTRAINT ts_role_parents_role_fk FOREIGN KEY (tenant_id, role_id)
        REFERENCES ts_roles (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT ts_role_parents_parent_fk FOREIGN KEY (tenant_id, parent_id)
        REFERENCES ts_roles (tenant_id, id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin ROW_FORMAT = DYNAMIC;

CREATE TABLE ts_user_roles (
    tenant_id   CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id     CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    role_id     CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    assigned_at DATETIME(6) NOT NULL,
    PRIMARY KEY (tenant_id, user_id, role_id),
    -- the role foreign key (deleting a role)
    INDEX ts_user_roles_role_ix (tenant_id, role_id),
    CONSTRAINT ts_user_roles_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT ts_user_roles_role_fk FOREIGN KEY (tenant_id, role_id)
        REFERENCES ts_roles (tenant_id, id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin ROW_FORMAT = DYNAMIC;

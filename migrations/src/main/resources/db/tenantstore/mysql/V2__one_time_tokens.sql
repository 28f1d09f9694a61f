-- TenantStore data plane, MySQL / MariaDB, version 2: single-use email tokens (verification,
-- password reset, magic link, invitation), stored by hash only. tenant_id leads every key, as in
-- version 1.

CREATE TABLE ts_one_time_tokens (
    tenant_id   CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id          CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    token_hash  VARCHAR(256) NOT NULL,
    -- EMAIL_VERIFICATION, PASSWORD_RESET, MAGIC_LINK or INVITATION
    purpose     VARCHAR(32)  NOT NULL,
    -- null for an invitation sent to an address only
    user_id     CHAR(36) CHARACTER SET ascii COLLATE ascii_bin,
    email       VARCHAR(254),
    created_at  DATETIME(6)  NOT NULL,
    expires_at  DATETIME(6)  NOT NULL,
    consumed_at DATETIME(6),
    revoked_at  DATETIME(6),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT ts_one_time_tokens_hash_uk UNIQUE KEY ts_one_time_tokens_hash_uk (tenant_id, token_hash),
    -- revokeAll(user, purpose), revoke-older on issue, and the user foreign key
    INDEX ts_one_time_tokens_user_ix (tenant_id, user_id, purpose),
    -- deleteExpired
    INDEX ts_one_time_tokens_expiry_ix (tenant_id, expires_at),
    CONSTRAINT ts_one_time_tokens_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin ROW_FORMAT = DYNAMIC;

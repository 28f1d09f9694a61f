-- TenantStore data plane, H2 (the PostgreSQL script with H2 type names), version 2: single-use email tokens (verification, password
-- reset, magic link, invitation), stored by hash only. tenant_id leads every key, as in version 1.

CREATE TABLE ts_one_time_tokens (
    tenant_id   uuid         NOT NULL,
    id          uuid         NOT NULL,
    token_hash  varchar(256) NOT NULL,
    -- EMAIL_VERIFICATION, PASSWORD_RESET, MAGIC_LINK or INVITATION
    purpose     varchar(32)  NOT NULL,
    -- null for an invitation sent to an address only
    user_id     uuid,
    email       varchar(254),
    created_at  timestamp with time zone  NOT NULL,
    expires_at  timestamp with time zone  NOT NULL,
    consumed_at timestamp with time zone,
    revoked_at  timestamp with time zone,
    CONSTRAINT ts_one_time_tokens_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT ts_one_time_tokens_hash_uk UNIQUE (tenant_id, token_hash),
    CONSTRAINT ts_one_time_tokens_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
);
-- revokeAll(user, purpose), revoke-older on issue, and the user foreign key
CREATE INDEX ts_one_time_tokens_user_ix ON ts_one_time_tokens (tenant_id, user_id, purpose);
-- deleteExpired
CREATE INDEX ts_one_time_tokens_expiry_ix ON ts_one_time_tokens (tenant_id, expires_at);

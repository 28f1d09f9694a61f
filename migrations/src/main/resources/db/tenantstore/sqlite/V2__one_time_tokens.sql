-- TenantStore data plane, SQLite, version 2: single-use email tokens, stored by hash only.
-- tenant_id leads every key, as in version 1.

CREATE TABLE ts_one_time_tokens (
    tenant_id   TEXT NOT NULL,
    id          TEXT NOT NULL,
    token_hash  TEXT NOT NULL,
    -- EMAIL_VERIFICATION, PASSWORD_RESET, MAGIC_LINK or INVITATION
    purpose     TEXT NOT NULL,
    -- null for an invitation sent to an address only
    user_id     TEXT,
    email       TEXT,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    consumed_at TEXT,
    revoked_at  TEXT,
    CONSTRAINT ts_one_time_tokens_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT ts_one_time_tokens_hash_uk UNIQUE (tenant_id, token_hash),
    CONSTRAINT ts_one_time_tokens_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
);
-- revokeAll(user, purpose), revoke-older on issue, and the user foreign key
CREATE INDEX ts_one_time_tokens_user_ix ON ts_one_time_tokens (tenant_id, user_id, purpose);
-- deleteExpired
CREATE INDEX ts_one_time_tokens_expiry_ix ON ts_one_time_tokens (tenant_id, expires_at);

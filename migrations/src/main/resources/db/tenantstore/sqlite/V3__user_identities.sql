-- TenantStore data plane, SQLite, version 3: external identities (provider, subject) of users,
-- unique per tenant. The password identity stays in ts_password_identities.

CREATE TABLE ts_user_identities (
    tenant_id      TEXT    NOT NULL,
    provider       TEXT    NOT NULL,
    subject        TEXT    NOT NULL,
    user_id        TEXT    NOT NULL,
    email          TEXT,
    email_verified INTEGER NOT NULL,
    -- the provider's raw claims, a JSON object kept as given (at most 16,384 characters)
    claims         TEXT,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    CONSTRAINT ts_user_identities_pk PRIMARY KEY (tenant_id, provider, subject),
    CONSTRAINT ts_user_identities_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
);
-- a user's identities, and the user foreign key
CREATE INDEX ts_user_identities_user_ix ON ts_user_identities (tenant_id, user_id);

-- TenantStore data plane, H2 (the PostgreSQL script with H2 type names), version 3: external identities (provider, subject) of users,
-- unique per tenant. The password identity stays in ts_password_identities.

CREATE TABLE ts_user_identities (
    tenant_id      uuid         NOT NULL,
    provider       varchar(255) NOT NULL,
    subject        varchar(255) NOT NULL,
    user_id        uuid         NOT NULL,
    email          varchar(254),
    email_verified boolean      NOT NULL,
    -- the provider's raw claims, a JSON object kept as given (at most 16,384 characters)
    claims         varchar(65535),
    created_at     timestamp with time zone  NOT NULL,
    updated_at     timestamp with time zone  NOT NULL,
    CONSTRAINT ts_user_identities_pk PRIMARY KEY (tenant_id, provider, subject),
    CONSTRAINT ts_user_identities_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
);
-- a user's identities, and the user foreign key
CREATE INDEX ts_user_identities_user_ix ON ts_user_identities (tenant_id, user_id);

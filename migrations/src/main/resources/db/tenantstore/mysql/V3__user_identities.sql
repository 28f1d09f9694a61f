-- TenantStore data plane, MySQL / MariaDB, version 3: external identities (provider, subject) of
-- users, unique per tenant (binary collation: subjects are case-sensitive). The password identity
-- stays in ts_password_identities.

CREATE TABLE ts_user_identities (
    tenant_id      CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    provider       VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    subject        VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id        CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    email          VARCHAR(254),
    email_verified BOOLEAN      NOT NULL,
    -- the provider's raw claims, a JSON object kept as given (at most 16,384 characters)
    claims         MEDIUMTEXT,
    created_at     DATETIME(6)  NOT NULL,
    updated_at     DATETIME(6)  NOT NULL,
    PRIMARY KEY (tenant_id, provider, subject),
    -- a user's identities, and the user foreign key
    INDEX ts_user_identities_user_ix (tenant_id, user_id),
    CONSTRAINT ts_user_identities_user_fk FOREIGN KEY (tenant_id, user_id)
        REFERENCES ts_users (tenant_id, id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin ROW_FORMAT = DYNAMIC;

-- TenantStore data plane, MySQL / MariaDB, version 4: user profiles and an index-backed user
-- search.
--
-- The profile columns are named like the OpenID Connect claims. The *_key columns hold the
-- lower-cased names the search compares; with the table's binary collation (utf8mb4_bin, code-point
-- order) a prefix search is the index range key >= prefix AND key < next-prefix.

ALTER TABLE ts_users
    ADD COLUMN given_name            VARCHAR(256),
    ADD COLUMN family_name           VARCHAR(256),
    ADD COLUMN picture_url           VARCHAR(2048),
    ADD COLUMN locale                VARCHAR(35),
    ADD COLUMN zone_info             VARCHAR(64),
    ADD COLUMN phone_number          VARCHAR(16),
    ADD COLUMN phone_number_verified BOOLEAN NOT NULL DEFAULT FALSE,
    -- the application's metadata, a JSON object kept as given (at most 16,384 characters)
    ADD COLUMN metadata              MEDIUMTEXT,
    ADD COLUMN display_name_key      VARCHAR(256),
    ADD COLUMN given_name_key        VARCHAR(256),
    ADD COLUMN family_name_key       VARCHAR(256);

-- existing display names become searchable
UPDATE ts_users SET display_name_key = LOWER(display_name) WHERE display_name IS NOT NULL;

-- the user search: one index range per searched column (email: the unique key)
CREATE INDEX ts_users_display_name_ix ON ts_users (tenant_id, display_name_key);
CREATE INDEX ts_users_given_name_ix ON ts_users (tenant_id, given_name_key);
CREATE INDEX ts_users_family_name_ix ON ts_users (tenant_id, family_name_key);

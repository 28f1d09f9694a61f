-- TenantStore data plane, PostgreSQL, version 4: user profiles and an index-backed user search.
--
-- The profile columns are named like the OpenID Connect claims. The *_key columns hold the
-- lower-cased names the search compares; they and email_normalized use the "C" collation, so a
-- prefix search is the index range key >= prefix AND key < next-prefix (byte order is code-point
-- order in UTF-8), whatever the database's default collation. Equality under "C" is byte equality,
-- as under every deterministic collation, so the email's uniqueness does not change.

ALTER TABLE ts_users
    ALTER COLUMN email_normalized TYPE varchar(254) COLLATE "C",
    ADD COLUMN given_name            varchar(256),
    ADD COLUMN family_name           varchar(256),
    ADD COLUMN picture_url           varchar(2048),
    ADD COLUMN locale                varchar(35),
    ADD COLUMN zone_info             varchar(64),
    ADD COLUMN phone_number          varchar(16),
    ADD COLUMN phone_number_verified boolean NOT NULL DEFAULT FALSE,
    -- the application's metadata, a JSON object kept as given (at most 16,384 characters)
    ADD COLUMN metadata              text,
    ADD COLUMN display_name_key      varchar(256) COLLATE "C",
    ADD COLUMN given_name_key        varchar(256) COLLATE "C",
    ADD COLUMN family_name_key       varchar(256) COLLATE "C";

-- Existing display names become searchable. Where row-level security is forced (shared tables),
-- the owner running this script would see no row, so it is lifted inside this transaction only.
DO $$
DECLARE
    forced boolean;
BEGIN
    SELECT c.relforcerowsecurity INTO forced FROM pg_class c WHERE c.oid = 'ts_users'::regclass;
    IF forced THEN
        EXECUTE 'ALTER TABLE ts_users NO FORCE ROW LEVEL SECURITY';
    END IF;
    UPDATE ts_users SET display_name_key = lower(display_name) WHERE display_name IS NOT NULL;
    IF forced THEN
        EXECUTE 'ALTER TABLE ts_users FORCE ROW LEVEL SECURITY';
    END IF;
END
$$;

-- the user search: one index range per searched column (email: the unique key)
CREATE INDEX ts_users_display_name_ix ON ts_users (tenant_id, display_name_key);
CREATE INDEX ts_users_given_name_ix ON ts_users (tenant_id, given_name_key);
CREATE INDEX ts_users_family_name_ix ON ts_users (tenant_id, family_name_key);

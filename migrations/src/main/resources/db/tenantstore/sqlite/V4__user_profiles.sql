-- TenantStore data plane, SQLite, version 4: user profiles and an index-backed user search.
--
-- The profile columns are named like the OpenID Connect claims. The *_key columns hold the
-- lower-cased names the search compares; with SQLite's binary collation (code-point order) a
-- prefix search is the index range key >= prefix AND key < next-prefix.

ALTER TABLE ts_users ADD COLUMN given_name TEXT;
ALTER TABLE ts_users ADD COLUMN family_name TEXT;
ALTER TABLE ts_users ADD COLUMN picture_url TEXT;
ALTER TABLE ts_users ADD COLUMN locale TEXT;
ALTER TABLE ts_users ADD COLUMN zone_info TEXT;
ALTER TABLE ts_users ADD COLUMN phone_number TEXT;
ALTER TABLE ts_users ADD COLUMN phone_number_verified INTEGER NOT NULL DEFAULT 0;
-- the application's metadata, a JSON object kept as given (at most 16,384 characters)
ALTER TABLE ts_users ADD COLUMN metadata TEXT;
ALTER TABLE ts_users ADD COLUMN display_name_key TEXT;
ALTER TABLE ts_users ADD COLUMN given_name_key TEXT;
ALTER TABLE ts_users ADD COLUMN family_name_key TEXT;

-- existing display names become searchable (SQLite's lower() folds ASCII letters only; names
-- written from now on are lower-cased by the store in full)
UPDATE ts_users SET display_name_key = lower(display_name) WHERE display_name IS NOT NULL;

-- the user search: one index range per searched column (email: the unique key)
CREATE INDEX ts_users_display_name_ix ON ts_users (tenant_id, display_name_key);
CREATE INDEX ts_users_given_name_ix ON ts_users (tenant_id, given_name_key);
CREATE INDEX ts_users_family_name_ix ON ts_users (tenant_id, family_name_key);

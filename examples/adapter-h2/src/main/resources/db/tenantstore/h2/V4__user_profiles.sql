-- TenantStore data plane, H2 (the PostgreSQL script with H2 type names), version 4: user profiles
-- and an index-backed user search. The *_key columns hold the lower-cased names the search
-- compares as an index range (key >= prefix AND key < next prefix).

ALTER TABLE ts_users ADD COLUMN given_name varchar(256);
ALTER TABLE ts_users ADD COLUMN family_name varchar(256);
ALTER TABLE ts_users ADD COLUMN picture_url varchar(2048);
ALTER TABLE ts_users ADD COLUMN locale varchar(35);
ALTER TABLE ts_users ADD COLUMN zone_info varchar(64);
ALTER TABLE ts_users ADD COLUMN phone_number varchar(16);
ALTER TABLE ts_users ADD COLUMN phone_number_verified boolean DEFAULT FALSE NOT NULL;
-- the application's metadata, a JSON object kept as given (at most 16,384 characters)
ALTER TABLE ts_users ADD COLUMN metadata varchar(65535);
ALTER TABLE ts_users ADD COLUMN display_name_key varchar(256);
ALTER TABLE ts_users ADD COLUMN given_name_key varchar(256);
ALTER TABLE ts_users ADD COLUMN family_name_key varchar(256);

UPDATE ts_users SET display_name_key = lower(display_name) WHERE display_name IS NOT NULL;

CREATE INDEX ts_users_display_name_ix ON ts_users (tenant_id, display_name_key);
CREATE INDEX ts_users_given_name_ix ON ts_users (tenant_id, given_name_key);
CREATE INDEX ts_users_family_name_ix ON ts_users (tenant_id, family_name_key);

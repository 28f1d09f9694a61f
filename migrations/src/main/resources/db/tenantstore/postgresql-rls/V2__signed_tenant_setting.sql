-- Row-level security for shared isolation (PostgreSQL), version 2: a tenant setting the runtime
-- login cannot forge.
--
-- Any login may change app.tenant_id in its own session (SET, set_config), so a policy comparing
-- tenant_id with the bare setting lets raw SQL move a connection to another tenant. From this
-- version the setting is '<tenant id>.<tag>', tag = hex(sha256(key || ':' || tenant id)), and the
-- policies accept it only when the tag matches. The key is a random value in ts_rls_key, a table
-- only its owner (the login that runs these migrations) can read; the store reads it once with
-- that login and signs each tenant it binds. A runtime login that neither owns the tables nor is
-- granted ts_rls_key cannot produce a tag for any tenant, so a forged or copied-bare id matches no
-- row. The check runs as the owner (SECURITY DEFINER) with a fixed search path in which temporary
-- objects come last, so a temporary table named ts_rls_key cannot stand in for the real one.

CREATE TABLE ts_rls_key (
    id     smallint PRIMARY KEY CHECK (id = 1),
    secret text     NOT NULL
);
REVOKE ALL ON ts_rls_key FROM PUBLIC;
-- 244 random bits from the server's strong random source
INSERT INTO ts_rls_key (id, secret)
VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));

CREATE FUNCTION ts_rls_tenant() RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, "${flyway:defaultSchema}", pg_temp
AS $fn$
    SELECT CASE
               WHEN s.tenant ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                    AND s.tag = encode(sha256(convert_to(k.secret || ':' || s.tenant, 'UTF8')), 'hex')
               THEN s.tenant::uuid
           END
    FROM (SELECT split_part(v, '.', 1) AS tenant, split_part(v, '.', 2) AS tag
          FROM (SELECT coalesce(current_setting('app.tenant_id', true), '') AS v) raw) s
    CROSS JOIN "${flyway:defaultSchema}".ts_rls_key k
$fn$;

-- (SELECT ...) makes the check an init plan: evaluated once per statement, not once per row.
ALTER POLICY ts_users_tenant ON ts_users
    USING (tenant_id = (SELECT ts_rls_tenant())) WITH CHECK (tenant_id = (SELECT ts_rls_tenant()));
ALTER POLICY ts_password_identities_tenant ON ts_password_identities
    USING (tenant_id = (SELECT ts_rls_tenant())) WITH CHECK (tenant_id = (SELECT ts_rls_tenant()));
ALTER POLICY ts_refresh_tokens_tenant ON ts_refresh_tokens
    USING (tenant_id = (SELECT ts_rls_tenant())) WITH CHECK (tenant_id = (SELECT ts_rls_tenant()));
ALTER POLICY ts_mfa_totp_tenant ON ts_mfa_totp
    USING (tenant_id = (SELECT ts_rls_tenant())) WITH CHECK (tenant_id = (SELECT ts_rls_tenant()));
ALTER POLICY ts_mfa_recovery_codes_tenant ON ts_mfa_recovery_codes
    USING (tenant_id = (SELECT ts_rls_tenant())) WITH CHECK (tenant_id = (SELECT ts_rls_tenant()));
ALTER POLICY ts_mfa_trusted_devices_tenant ON ts_mfa_trusted_devices
    USING (tenant_id = (SELECT ts_rls_tenant())) WITH CHECK (tenant_id = (SELECT ts_rls_tenant()));
ALTER POLICY ts_consents_tenant ON ts_consents
    USING (tenant_id = (SELECT ts_rls_tenant())) WITH CHECK (tenant_id = (SELECT ts_rls_tenant()));
ALTER POLICY ts_roles_tenant ON ts_roles
    USING (tenant_id = (SELECT ts_rls_tenant())) WITH CHECK (tenant_id = (SELECT ts_rls_tenant()));
ALTER POLICY ts_role_permissions_tenant ON ts_role_permissions
    USING (tenant_id = (SELECT ts_rls_tenant())) WITH CHECK (tenant_id = (SELECT ts_rls_tenant()));
ALTER POLICY ts_role_parents_tenant ON ts_role_parents
    USING (tenant_id = (SELECT ts_rls_tenant())) WITH CHECK (tenant_id = (SELECT ts_rls_tenant()));
ALTER POLICY ts_user_roles_tenant ON ts_user_roles
    USING (tenant_id = (SELECT ts_rls_tenant())) WITH CHECK (tenant_id = (SELECT ts_rls_tenant()));

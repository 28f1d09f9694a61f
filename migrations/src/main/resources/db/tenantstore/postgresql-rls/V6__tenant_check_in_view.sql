-- Row-level security for shared isolation (PostgreSQL), version 6: the signed-setting check of
-- version 2 as a view instead of a function, so it becomes part of each statement's plan.
--
-- Version 5's ts_rls_tenant() is a SECURITY DEFINER PL/pgSQL function: every statement calls it
-- once, and the call runs its own query for the key through the server's SPI layer, about as
-- long as the repository statement itself on a small machine. A view is expanded into the
-- statement that reads it: the key row is one more scan in the statement's plan, evaluated once
-- per statement as an init plan, with no function call and no nested query.
--
-- What kept the key from the runtime login still holds: a view reads its tables with its owner's
-- rights (the login running these migrations, the only one that can read ts_rls_key), while the
-- runtime login is granted the view, whose one column is the tenant its own session setting
-- proves (the same answer ts_rls_tenant() gave to anyone). security_barrier keeps conditions a
-- caller puts on the view from being evaluated before the view's own, so none of them ever sees
-- the key. The names in a view are resolved once, when it is created, so the caller's search path
-- and temporary objects play no part.
--
-- The tag is checked before the id is cast: a tag only matches an id the store signed, and the
-- store signs canonical UUID strings only, so the cast cannot fail on a matching tag, and an
-- unsigned value of any shape yields NULL (no row), as before.

CREATE VIEW ts_rls_session WITH (security_barrier) AS
SELECT CASE
           WHEN pg_catalog.split_part(s.v, '.', 2)
                = pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
                      k.secret || ':' || pg_catalog.split_part(s.v, '.', 1), 'UTF8')), 'hex')
           THEN pg_catalog.split_part(s.v, '.', 1)::pg_catalog.uuid
       END AS tenant_id
FROM (SELECT COALESCE(pg_catalog.current_setting('app.tenant_id', true), '') AS v) s
CROSS JOIN ts_rls_key k
WHERE k.id = 1;

GRANT SELECT ON ts_rls_session TO PUBLIC;

ALTER POLICY ts_users_tenant ON ts_users
    USING (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r))
    WITH CHECK (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r));
ALTER POLICY ts_password_identities_tenant ON ts_password_identities
    USING (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r))
    WITH CHECK (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r));
ALTER POLICY ts_refresh_tokens_tenant ON ts_refresh_tokens
    USING (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r))
    WITH CHECK (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r));
ALTER POLICY ts_mfa_totp_tenant ON ts_mfa_totp
    USING (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r))
    WITH CHECK (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r));
ALTER POLICY ts_mfa_recovery_codes_tenant ON ts_mfa_recovery_codes
    USING (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r))
    WITH CHECK (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r));
ALTER POLICY ts_mfa_trusted_devices_tenant ON ts_mfa_trusted_devices
    USING (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r))
    WITH CHECK (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r));
ALTER POLICY ts_consents_tenant ON ts_consents
    USING (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r))
    WITH CHECK (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r));
ALTER POLICY ts_roles_tenant ON ts_roles
    USING (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r))
    WITH CHECK (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r));
ALTER POLICY ts_role_permissions_tenant ON ts_role_permissions
    USING (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r))
    WITH CHECK (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r));
ALTER POLICY ts_role_parents_tenant ON ts_role_parents
    USING (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r))
    WITH CHECK (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r));
ALTER POLICY ts_user_roles_tenant ON ts_user_roles
    USING (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r))
    WITH CHECK (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r));
ALTER POLICY ts_one_time_tokens_tenant ON ts_one_time_tokens
    USING (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r))
    WITH CHECK (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r));
ALTER POLICY ts_user_identities_tenant ON ts_user_identities
    USING (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r))
    WITH CHECK (tenant_id = (SELECT r.tenant_id FROM ts_rls_session r));

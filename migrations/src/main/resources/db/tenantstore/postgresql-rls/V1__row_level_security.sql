-- Row-level security for shared isolation (PostgreSQL), version 1.
--
-- Applied only to targets that hold shared tenants, with its own history table, after the
-- identity tables. Every table gets one policy for all commands: a row is visible and writable
-- only when its tenant_id equals the transaction's (or session's) app.tenant_id setting. With no
-- setting, current_setting(..., true) is NULL or '' and the policy matches no row: access is denied.
-- FORCE makes the policy apply to the table owner too (the role that ran the migrations is
-- usually the application's role). Superusers and BYPASSRLS roles still bypass it.
-- Foreign-key checks and cascades bypass row security by PostgreSQL design, which they need.

ALTER TABLE ts_users ENABLE ROW LEVEL SECURITY;
ALTER TABLE ts_users FORCE ROW LEVEL SECURITY;
CREATE POLICY ts_users_tenant ON ts_users
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE ts_password_identities ENABLE ROW LEVEL SECURITY;
ALTER TABLE ts_password_identities FORCE ROW LEVEL SECURITY;
CREATE POLICY ts_password_identities_tenant ON ts_password_identities
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE ts_refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE ts_refresh_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY ts_refresh_tokens_tenant ON ts_refresh_tokens
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE ts_mfa_totp ENABLE ROW LEVEL SECURITY;
ALTER TABLE ts_mfa_totp FORCE ROW LEVEL SECURITY;
CREATE POLICY ts_mfa_totp_tenant ON ts_mfa_totp
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE ts_mfa_recovery_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE ts_mfa_recovery_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY ts_mfa_recovery_codes_tenant ON ts_mfa_recovery_codes
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE ts_mfa_trusted_devices ENABLE ROW LEVEL SECURITY;
ALTER TABLE ts_mfa_trusted_devices FORCE ROW LEVEL SECURITY;
CREATE POLICY ts_mfa_trusted_devices_tenant ON ts_mfa_trusted_devices
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE ts_consents ENABLE ROW LEVEL SECURITY;
ALTER TABLE ts_consents FORCE ROW LEVEL SECURITY;
CREATE POLICY ts_consents_tenant ON ts_consents
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE ts_roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE ts_roles FORCE ROW LEVEL SECURITY;
CREATE POLICY ts_roles_tenant ON ts_roles
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE ts_role_permissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE ts_role_permissions FORCE ROW LEVEL SECURITY;
CREATE POLICY ts_role_permissions_tenant ON ts_role_permissions
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE ts_role_parents ENABLE ROW LEVEL SECURITY;
ALTER TABLE ts_role_parents FORCE ROW LEVEL SECURITY;
CREATE POLICY ts_role_parents_tenant ON ts_role_parents
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE ts_user_roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE ts_user_roles FORCE ROW LEVEL SECURITY;
CREATE POLICY ts_user_roles_tenant ON ts_user_roles
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- Row-level security for shared isolation (PostgreSQL), version 3: the identity table gets the
-- same policy as every other table.

ALTER TABLE ts_user_identities ENABLE ROW LEVEL SECURITY;
ALTER TABLE ts_user_identities FORCE ROW LEVEL SECURITY;
CREATE POLICY ts_user_identities_tenant ON ts_user_identities
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

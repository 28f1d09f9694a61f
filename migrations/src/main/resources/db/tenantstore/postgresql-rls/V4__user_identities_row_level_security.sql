-- Row-level security for shared isolation (PostgreSQL), version 4: the identity table gets the
-- same policy as every other table, on the signed tenant setting of version 2.

ALTER TABLE ts_user_identities ENABLE ROW LEVEL SECURITY;
ALTER TABLE ts_user_identities FORCE ROW LEVEL SECURITY;
CREATE POLICY ts_user_identities_tenant ON ts_user_identities
    USING (tenant_id = (SELECT ts_rls_tenant())) WITH CHECK (tenant_id = (SELECT ts_rls_tenant()));

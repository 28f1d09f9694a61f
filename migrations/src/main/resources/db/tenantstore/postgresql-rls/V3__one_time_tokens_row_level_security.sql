-- Row-level security for shared isolation (PostgreSQL), version 3: the one-time token table gets
-- the same policy as every table, on the signed tenant setting of version 2.

ALTER TABLE ts_one_time_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE ts_one_time_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY ts_one_time_tokens_tenant ON ts_one_time_tokens
    USING (tenant_id = (SELECT ts_rls_tenant())) WITH CHECK (tenant_id = (SELECT ts_rls_tenant()));

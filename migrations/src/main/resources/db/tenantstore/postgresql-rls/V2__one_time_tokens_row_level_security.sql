-- Row-level security for shared isolation (PostgreSQL), version 2: the one-time token table gets
-- the same policy as every table of version 1.

ALTER TABLE ts_one_time_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE ts_one_time_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY ts_one_time_tokens_tenant ON ts_one_time_tokens
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

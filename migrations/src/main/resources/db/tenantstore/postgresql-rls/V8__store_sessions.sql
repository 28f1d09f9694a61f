-- Row-level security for shared isolation (PostgreSQL), version 8: the store's own connections move
-- between tenants without proving each tenant again.
--
-- From version 7 a connection enters a tenant with ts_rls_enter(signed value): a key lookup and a
-- sha256 on the server, about three times the server time of the point lookup it guards, paid every
-- time a pooled connection serves another tenant than the one before (on a busy server with many
-- tenants, nearly every call). The store's own statements do not need that proof: they always
-- filter by the tenant they are bound to. The proof is there for SQL the store did not write, run
-- on a connection lent through unwrap(...).
--
-- So a connection proves once that the store holds it: ts_rls_enter_store(tenant value, session
-- value) checks the tenant value as ts_rls_enter does, and a session value
-- '<backend pid>.<hex sha256(key || ':store:' || backend pid)>' that only a holder of the key can
-- build and that is worth nothing on any other server process; it enters the tenant and marks the
-- session in a third unlogged sequence, ts_rls_store, which the store revokes from every other login. From
-- then on ts_rls_switch(tenant id) moves the session to another tenant with two setval() calls: it
-- refuses (currval() of ts_rls_store is not defined) in a session that was not marked.
--
-- What keeps the mark away from SQL the store did not write: ts_rls_enter, which the store calls
-- on every connection it lends and which is the only way any other caller has to enter a tenant,
-- now begins with DISCARD SEQUENCES, so the mark (and the previous tenant) is gone before the
-- borrower runs anything; the connection comes back reset (DISCARD ALL) and proves itself again at
-- its next use by the store. A borrower cannot mark its session again: it would need the key to
-- build the session value, and nextval() on the sequence (for a login granted it) can only give a
-- value that is not the mark. A session value works only in a server process with its pid: not
-- on any other connection open at the same time, though a later process may be given the same pid
-- again, so like a signed tenant value it is a credential to keep out of server logs.
--
-- Before PostgreSQL 15 (no unlogged sequences, see version 7) nothing changes and the store keeps
-- calling ts_rls_enter for every change of tenant.

DO $do$
BEGIN
    IF pg_catalog.current_setting('server_version_num')::int >= 150000 THEN
        -- nextval() can only ever give 2 (or fail): a login granted USAGE on it (a blanket grant on
        -- the schema's sequences, say) still cannot give its session the mark, which is 1
        EXECUTE 'CREATE UNLOGGED SEQUENCE ts_rls_store AS bigint INCREMENT 1 MINVALUE 1 MAXVALUE 2 START 2 NO CYCLE';
        EXECUTE 'REVOKE ALL ON SEQUENCE ts_rls_store FROM PUBLIC';

        EXECUTE $fn$
CREATE OR REPLACE FUNCTION ts_rls_enter(v pg_catalog.text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $body$
DECLARE
    tenant pg_catalog.text := pg_catalog.split_part(v, '.', 1);
    secret pg_catalog.text;
    hex pg_catalog.text;
BEGIN
    -- first of all: no mark of the store's sessions, no tenant of whoever used the session before
    EXECUTE 'DISCARD SEQUENCES';
    SELECT k.secret INTO secret FROM "${flyway:defaultSchema}".ts_rls_key k WHERE k.id OPERATOR(pg_catalog.=) 1;
    IF secret IS NULL OR v IS NULL OR (pg_catalog.split_part(v, '.', 2) OPERATOR(pg_catalog.<>) pg_catalog.encode(
            pg_catalog.sha256(pg_catalog.convert_to(secret OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) tenant,
            'UTF8')), 'hex')) IS NOT FALSE THEN
        RAISE EXCEPTION 'not a tenant value signed by this store' USING ERRCODE = '42501';
    END IF;
    hex := pg_catalog.replace(tenant, '-', '');
    PERFORM pg_catalog.setval('"${flyway:defaultSchema}".ts_rls_tenant_hi'::pg_catalog.regclass,
            ('x' OPERATOR(pg_catalog.||) pg_catalog.substr(hex, 1, 16))::pg_catalog.bit(64)::pg_catalog.int8, true);
    PERFORM pg_catalog.setval('"${flyway:defaultSchema}".ts_rls_tenant_lo'::pg_catalog.regclass,
            ('x' OPERATOR(pg_catalog.||) pg_catalog.substr(hex, 17, 16))::pg_catalog.bit(64)::pg_catalog.int8, true);
END
$body$
$fn$;

        EXECUTE $fn$
CREATE FUNCTION ts_rls_enter_store(v pg_catalog.text, w pg_catalog.text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $body$
DECLARE
    tenant pg_catalog.text := pg_catalog.split_part(v, '.', 1);
    pid pg_catalog.text := pg_catalog.pg_backend_pid()::pg_catalog.text;
    secret pg_catalog.text;
    hex pg_catalog.text;
BEGIN
    EXECUTE 'DISCARD SEQUENCES';
    SELECT k.secret INTO secret FROM "${flyway:defaultSchema}".ts_rls_key k WHERE k.id OPERATOR(pg_catalog.=) 1;
    IF secret IS NULL OR v IS NULL OR w IS NULL
            OR (pg_catalog.split_part(v, '.', 2) OPERATOR(pg_catalog.<>) pg_catalog.encode(pg_catalog.sha256(
                pg_catalog.convert_to(secret OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) tenant, 'UTF8')),
                'hex')) IS NOT FALSE
            OR (pg_catalog.split_part(w, '.', 1) OPERATOR(pg_catalog.<>) pid) IS NOT FALSE
            OR (pg_catalog.split_part(w, '.', 2) OPERATOR(pg_catalog.<>) pg_catalog.encode(pg_catalog.sha256(
                pg_catalog.convert_to(secret OPERATOR(pg_catalog.||) ':store:' OPERATOR(pg_catalog.||) pid, 'UTF8')),
                'hex')) IS NOT FALSE THEN
        RAISE EXCEPTION 'not a tenant and session value signed by this store for this session'
            USING ERRCODE = '42501';
    END IF;
    hex := pg_catalog.replace(tenant, '-', '');
    PERFORM pg_catalog.setval('"${flyway:defaultSchema}".ts_rls_tenant_hi'::pg_catalog.regclass,
            ('x' OPERATOR(pg_catalog.||) pg_catalog.substr(hex, 1, 16))::pg_catalog.bit(64)::pg_catalog.int8, true),
        pg_catalog.setval('"${flyway:defaultSchema}".ts_rls_tenant_lo'::pg_catalog.regclass,
            ('x' OPERATOR(pg_catalog.||) pg_catalog.substr(hex, 17, 16))::pg_catalog.bit(64)::pg_catalog.int8, true),
        pg_catalog.setval('"${flyway:defaultSchema}".ts_rls_store'::pg_catalog.regclass, 1, true);
END
$body$
$fn$;

        EXECUTE $fn$
CREATE FUNCTION ts_rls_switch(t pg_catalog.text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $body$
DECLARE
    hex pg_catalog.text;
BEGIN
    -- fails unless ts_rls_enter_store marked this session and nothing discarded the mark since
    -- (currval() is not defined then, or 2 after a nextval() of a login granted the sequence)
    IF pg_catalog.currval('"${flyway:defaultSchema}".ts_rls_store'::pg_catalog.regclass) OPERATOR(pg_catalog.<>) 1 THEN
        RAISE EXCEPTION 'this session was not entered by the store' USING ERRCODE = '42501';
    END IF;
    -- the cast refuses anything but a uuid; its canonical text has 32 hex digits without hyphens
    hex := pg_catalog.replace(t::pg_catalog.uuid::pg_catalog.text, '-', '');
    PERFORM pg_catalog.setval('"${flyway:defaultSchema}".ts_rls_tenant_hi'::pg_catalog.regclass,
            ('x' OPERATOR(pg_catalog.||) pg_catalog.substr(hex, 1, 16))::pg_catalog.bit(64)::pg_catalog.int8, true),
        pg_catalog.setval('"${flyway:defaultSchema}".ts_rls_tenant_lo'::pg_catalog.regclass,
            ('x' OPERATOR(pg_catalog.||) pg_catalog.substr(hex, 17, 16))::pg_catalog.bit(64)::pg_catalog.int8, true);
END
$body$
$fn$;

        EXECUTE 'GRANT EXECUTE ON FUNCTION ts_rls_enter_store(text, text), ts_rls_switch(text) TO PUBLIC';
    END IF;
END
$do$;

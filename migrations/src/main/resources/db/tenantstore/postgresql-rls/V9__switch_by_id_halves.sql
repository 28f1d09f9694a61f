-- Row-level security for shared isolation (PostgreSQL), version 9: a marked session switches
-- tenants with the tenant id's two 64-bit halves instead of its text.
--
-- Version 8's ts_rls_switch(text) turned the uuid text into the two sequence values inside
-- PL/pgSQL (a uuid cast, a replace, two substr, two bit(64) casts): measured with pgbench on a
-- small machine, about 3.5 us of the 10 us a switch costs the server, on every call that moves a
-- pooled connection to another tenant. The store knows the halves already (a uuid is two longs), so
-- ts_rls_switch(hi, lo) takes them as they go into the sequences: the same mark check, then the two
-- setval() calls, nothing else. Any pair of values is some tenant id; what guards a session is
-- still the mark, which only the store's proof gives it.
--
-- ts_rls_switch(text) stays (an older release of the store, running while this one is rolled
-- out, calls it) and now converts (refusing anything but a uuid, before any check), then calls
-- the new one, which checks the mark: the check is written once.
--
-- Where version 8 made no marked sessions (it ran before PostgreSQL 15, even if the server has
-- been upgraded since) nothing changes.

DO $do$
BEGIN
    IF pg_catalog.to_regclass('"${flyway:defaultSchema}".ts_rls_store') IS NOT NULL THEN
        EXECUTE $fn$
CREATE FUNCTION ts_rls_switch(hi pg_catalog.int8, lo pg_catalog.int8) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $body$
BEGIN
    IF hi IS NULL OR lo IS NULL THEN
        RAISE EXCEPTION 'no tenant to switch to' USING ERRCODE = '22004';
    END IF;
    -- fails unless ts_rls_enter_store marked this session and nothing discarded the mark since
    -- (currval() is not defined then, or 2 after a nextval() of a login granted the sequence)
    IF pg_catalog.currval('"${flyway:defaultSchema}".ts_rls_store'::pg_catalog.regclass) OPERATOR(pg_catalog.<>) 1 THEN
        RAISE EXCEPTION 'this session was not entered by the store' USING ERRCODE = '42501';
    END IF;
    PERFORM pg_catalog.setval('"${flyway:defaultSchema}".ts_rls_tenant_hi'::pg_catalog.regclass, hi, true),
        pg_catalog.setval('"${flyway:defaultSchema}".ts_rls_tenant_lo'::pg_catalog.regclass, lo, true);
END
$body$
$fn$;

        EXECUTE $fn$
CREATE OR REPLACE FUNCTION ts_rls_switch(t pg_catalog.text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $body$
DECLARE
    hex pg_catalog.text;
BEGIN
    IF t IS NULL THEN
        RAISE EXCEPTION 'no tenant to switch to' USING ERRCODE = '22004';
    END IF;
    -- the cast refuses anything but a uuid; its canonical text has 32 hex digits without hyphens
    hex := pg_catalog.replace(t::pg_catalog.uuid::pg_catalog.text, '-', '');
    PERFORM "${flyway:defaultSchema}".ts_rls_switch(
            ('x' OPERATOR(pg_catalog.||) pg_catalog.substr(hex, 1, 16))::pg_catalog.bit(64)::pg_catalog.int8,
            ('x' OPERATOR(pg_catalog.||) pg_catalog.substr(hex, 17, 16))::pg_catalog.bit(64)::pg_catalog.int8);
END
$body$
$fn$;

        EXECUTE 'GRANT EXECUTE ON FUNCTION ts_rls_switch(pg_catalog.int8, pg_catalog.int8) TO PUBLIC';
    END IF;
END
$do$;

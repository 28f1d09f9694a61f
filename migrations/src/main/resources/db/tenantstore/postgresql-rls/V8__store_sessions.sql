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
-- So a connection proves once that the store holds it. ts_rls_store_challenge() gives the session
-- a fresh random challenge N (kept in an unlogged sequence only the owner can read or set);
-- ts_rls_enter_store(tenant value, proof) checks the tenant value as ts_rls_enter does and the
-- proof hex(sha256(N || ':store:' || key)), which only a holder of the key can compute (the key
-- last, so no proof is ever the tag of a tenant value, which hashes the key first); it uses the
-- challenge up (a call without a challenge fails before anything else; with one, N is gone before
-- anything is checked), enters the tenant and marks the session in a third unlogged sequence,
-- ts_rls_store. From then on
-- ts_rls_switch(tenant id) moves the session to another tenant with two setval() calls; it refuses
-- in a session that is not marked.
--
-- What keeps the mark away from SQL the store did not write: ts_rls_enter, which the store calls
-- on every connection it lends and which is the only way any other caller has to enter a tenant,
-- now begins with DISCARD SEQUENCES (version 7's function, renamed ts_rls_enter_signed and callable
-- only by the owner, does the rest), so the mark (and the previous tenant) is gone before the
-- borrower runs anything; the connection comes back reset (DISCARD ALL) and proves itself again at
-- its next use by the store. A borrower cannot mark its session again: a proof answers one
-- challenge of one session only, so even a proof copied from a server log that records bind
-- parameters is worth nothing (a new challenge needs a new proof, and that needs the key), and
-- nextval() on ts_rls_store (for a login granted it) can only give a value that is not the mark.
-- The runtime login has no right on the three sequences of this version.
--
-- Before PostgreSQL 15 (no unlogged sequences, see version 7) nothing changes and the store keeps
-- calling ts_rls_enter for every change of tenant.

DO $do$
BEGIN
    IF pg_catalog.current_setting('server_version_num')::int >= 150000 THEN
        -- nextval() can only ever give 2 (or fail): a login granted USAGE on it (a blanket grant on
        -- the schema's sequences, say) still cannot give its session the mark, which is 1
        EXECUTE 'CREATE UNLOGGED SEQUENCE ts_rls_store AS bigint INCREMENT 1 MINVALUE 1 MAXVALUE 2 START 2 NO CYCLE';
        EXECUTE 'CREATE UNLOGGED SEQUENCE ts_rls_challenge AS bigint'
                || ' MINVALUE -9223372036854775808 MAXVALUE 9223372036854775807 NO CYCLE';
        EXECUTE 'REVOKE ALL ON SEQUENCE ts_rls_store, ts_rls_challenge FROM PUBLIC';

        EXECUTE $fn$
CREATE FUNCTION ts_rls_store_challenge() RETURNS pg_catalog.int8
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $body$
DECLARE
    -- 60 bits from the server's strong random source (the first 16 hex digits of a version 4 uuid,
    -- one of which is the version)
    n pg_catalog.int8 := ('x' OPERATOR(pg_catalog.||) pg_catalog.substr(pg_catalog.replace(
            pg_catalog.gen_random_uuid()::pg_catalog.text, '-', ''), 1, 16))::pg_catalog.bit(64)::pg_catalog.int8;
BEGIN
    PERFORM pg_catalog.setval('"${flyway:defaultSchema}".ts_rls_challenge'::pg_catalog.regclass, n, true);
    RETURN n;
END
$body$
$fn$;

        -- version 7's entry, unchanged, becomes the check both entries below make; no one else calls it
        EXECUTE 'ALTER FUNCTION ts_rls_enter(text) RENAME TO ts_rls_enter_signed';
        EXECUTE 'REVOKE EXECUTE ON FUNCTION ts_rls_enter_signed(text) FROM PUBLIC';

        EXECUTE $fn$
CREATE FUNCTION ts_rls_enter(v pg_catalog.text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $body$
BEGIN
    -- first of all: no mark of the store's sessions, no tenant of whoever used the session before
    EXECUTE 'DISCARD SEQUENCES';
    -- the signed value checked and the tenant entered, or an error in no tenant
    PERFORM "${flyway:defaultSchema}".ts_rls_enter_signed(v);
END
$body$
$fn$;

        EXECUTE $fn$
CREATE FUNCTION ts_rls_enter_store(v pg_catalog.text, w pg_catalog.text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $body$
DECLARE
    -- the session's challenge (currval fails in a session that was given none)
    challenge pg_catalog.text :=
            pg_catalog.currval('"${flyway:defaultSchema}".ts_rls_challenge'::pg_catalog.regclass)::pg_catalog.text;
    secret pg_catalog.text;
BEGIN
    -- uses the challenge up (DISCARD SEQUENCES first), then checks the tenant's value and enters it
    PERFORM "${flyway:defaultSchema}".ts_rls_enter(v);
    SELECT k.secret INTO secret FROM "${flyway:defaultSchema}".ts_rls_key k WHERE k.id OPERATOR(pg_catalog.=) 1;
    IF w IS NULL OR (w OPERATOR(pg_catalog.<>) pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
            challenge OPERATOR(pg_catalog.||) ':store:' OPERATOR(pg_catalog.||) secret, 'UTF8')), 'hex')) IS NOT FALSE THEN
        -- no tenant, no mark
        EXECUTE 'DISCARD SEQUENCES';
        RAISE EXCEPTION 'not a proof signed by this store for this session''s challenge' USING ERRCODE = '42501';
    END IF;
    PERFORM pg_catalog.setval('"${flyway:defaultSchema}".ts_rls_store'::pg_catalog.regclass, 1, true);
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
    IF t IS NULL THEN
        RAISE EXCEPTION 'no tenant to switch to' USING ERRCODE = '22004';
    END IF;
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

        EXECUTE 'GRANT EXECUTE ON FUNCTION ts_rls_store_challenge(), ts_rls_enter(text), ts_rls_enter_store(text, text),'
                || ' ts_rls_switch(text) TO PUBLIC';
    END IF;
END
$do$;

-- Row-level security for shared isolation (PostgreSQL), version 7: the tenant is proved once, when
-- a connection enters it, instead of once per statement.
--
-- Up to version 6 every statement re-checked the signed app.tenant_id setting (a key lookup and a
-- sha256 inside the statement's plan), because a setting is the one kind of session state any
-- login may change: the check had to run where it is used. About 12 us of server time per
-- statement on a small machine, against 4 us for the whole point lookup it guards.
--
-- From PostgreSQL 15 a session has state only the owner can write and anyone can read cheaply:
-- currval() of an unlogged sequence. setval() needs UPDATE on the sequence, which only the owner
-- login holds; currval() needs SELECT and returns the value this session last set, whatever other
-- sessions do. The tenant id (128 bits) is held in two sequences, high and low 64 bits.
-- ts_rls_enter(value) checks the signed value exactly as the policies of versions 2 to 6 did (key
-- readable by the owner only) and sets both sequences; the policies compare tenant_id with the
-- uuid read back from them, in an uncorrelated subquery evaluated once per statement. A value
-- the store did not sign (or NULL) leaves the session in no tenant (DISCARD SEQUENCES) and raises. The
-- store leaves a tenant with DISCARD SEQUENCES, which needs no function (so it works whatever the
-- search path) and after which guarded statements fail until a tenant is entered. Unlogged:
-- setval() writes no WAL, so entering a tenant costs no disk flush; the values are session state
-- and mean nothing after a restart.
--
-- What a runtime login can do against it: SET app.tenant_id has no effect any more; setval() and
-- nextval() are refused (no UPDATE, no USAGE); a temporary sequence with the same name is not the
-- one the policies read (they hold the sequences' oids, resolved here); the store revokes the USAGE
-- a blanket grant on the schema's sequences would give it; DISCARD SEQUENCES (or ALL)
-- forgets the session's values, after which guarded statements fail ("currval ... is not yet
-- defined") until a tenant is entered again. SELECT on the sequences shows their last_value, half
-- of the tenant id some session entered last: an id, not a credential (entering needs its signed
-- value). The function is SECURITY DEFINER with a search path of pg_catalog then pg_temp, and
-- every name in it is schema-qualified, types and operators included: a runtime login may create
-- temporary objects, and PL/pgSQL resolves type names when it compiles a function (a temporary
-- type named text once made the key readable through a cast error in review).
--
-- Before PostgreSQL 15 (no unlogged sequences: setval would flush WAL at every commit) the
-- policies keep version 6's per-statement check and ts_rls_enter sets the signed setting, so the
-- store makes the same call on every version.

DO $do$
BEGIN
    IF pg_catalog.current_setting('server_version_num')::int >= 150000 THEN
        EXECUTE 'CREATE UNLOGGED SEQUENCE ts_rls_tenant_hi AS bigint'
                || ' MINVALUE -9223372036854775808 MAXVALUE 9223372036854775807 NO CYCLE';
        EXECUTE 'CREATE UNLOGGED SEQUENCE ts_rls_tenant_lo AS bigint'
                || ' MINVALUE -9223372036854775808 MAXVALUE 9223372036854775807 NO CYCLE';
        EXECUTE 'REVOKE ALL ON SEQUENCE ts_rls_tenant_hi, ts_rls_tenant_lo FROM PUBLIC';
        EXECUTE 'GRANT SELECT ON SEQUENCE ts_rls_tenant_hi, ts_rls_tenant_lo TO PUBLIC';

        EXECUTE $fn$
CREATE FUNCTION ts_rls_enter(v pg_catalog.text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $body$
DECLARE
    tenant pg_catalog.text := pg_catalog.split_part(v, '.', 1);
    secret pg_catalog.text;
    hex pg_catalog.text;
BEGIN
    SELECT k.secret INTO secret FROM "${flyway:defaultSchema}".ts_rls_key k WHERE k.id OPERATOR(pg_catalog.=) 1;
    IF secret IS NULL OR v IS NULL OR (pg_catalog.split_part(v, '.', 2) OPERATOR(pg_catalog.<>) pg_catalog.encode(
            pg_catalog.sha256(pg_catalog.convert_to(secret OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) tenant,
            'UTF8')), 'hex')) IS NOT FALSE THEN
        -- no tenant at all (not a nil one, which rows could be written to): guarded statements fail
        EXECUTE 'DISCARD SEQUENCES';
        RAISE EXCEPTION 'not a tenant value signed by this store' USING ERRCODE = '42501';
    END IF;
    -- a matching tag proves a canonical uuid string the store signed: 32 hex digits once unhyphenated
    hex := pg_catalog.replace(tenant, '-', '');
    PERFORM pg_catalog.setval('"${flyway:defaultSchema}".ts_rls_tenant_hi'::pg_catalog.regclass,
            ('x' OPERATOR(pg_catalog.||) pg_catalog.substr(hex, 1, 16))::pg_catalog.bit(64)::pg_catalog.int8, true);
    PERFORM pg_catalog.setval('"${flyway:defaultSchema}".ts_rls_tenant_lo'::pg_catalog.regclass,
            ('x' OPERATOR(pg_catalog.||) pg_catalog.substr(hex, 17, 16))::pg_catalog.bit(64)::pg_catalog.int8, true);
END
$body$
$fn$;

        DECLARE
            t text;
        BEGIN
            FOREACH t IN ARRAY ARRAY['ts_users', 'ts_password_identities', 'ts_refresh_tokens', 'ts_mfa_totp',
                    'ts_mfa_recovery_codes', 'ts_mfa_trusted_devices', 'ts_consents', 'ts_roles',
                    'ts_role_permissions', 'ts_role_parents', 'ts_user_roles', 'ts_one_time_tokens',
                    'ts_user_identities'] LOOP
                EXECUTE pg_catalog.format('ALTER POLICY %I ON %I USING (tenant_id = (SELECT %s))'
                        || ' WITH CHECK (tenant_id = (SELECT %s))', t || '_tenant', t,
                        '(pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.currval(''ts_rls_tenant_hi'')), 16, ''0'')'
                        || ' OPERATOR(pg_catalog.||) pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.currval('
                        || '''ts_rls_tenant_lo'')), 16, ''0''))::pg_catalog.uuid',
                        '(pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.currval(''ts_rls_tenant_hi'')), 16, ''0'')'
                        || ' OPERATOR(pg_catalog.||) pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.currval('
                        || '''ts_rls_tenant_lo'')), 16, ''0''))::pg_catalog.uuid');
            END LOOP;
        END;
    ELSE
        EXECUTE $fn$
CREATE FUNCTION ts_rls_enter(v text) RETURNS void
    LANGUAGE plpgsql VOLATILE
AS $body$ BEGIN PERFORM pg_catalog.set_config('app.tenant_id', v, false); END $body$
$fn$;
    END IF;
END
$do$;

GRANT EXECUTE ON FUNCTION ts_rls_enter(text) TO PUBLIC;

-- Branding, a fourth document per tenant (branding.yaml text, empty when none is set), and the
-- administrators, one control-plane-wide document (admins.yaml text: password hashes only, never
-- a clear password) held in the single row of ts_cp_admins. Both carry a revision for
-- compare-and-set, like the other documents.
CREATE TABLE ts_cp_branding (
    slug     VARCHAR(63) NOT NULL PRIMARY KEY REFERENCES ts_cp_tenants (slug) ON DELETE CASCADE,
    revision BIGINT      NOT NULL,
    body     TEXT        NOT NULL
);

INSERT INTO ts_cp_branding (slug, revision, body) SELECT slug, 1, '' FROM ts_cp_tenants;

CREATE TABLE ts_cp_admins (
    id         SMALLINT    NOT NULL PRIMARY KEY CHECK (id = 1),
    revision   BIGINT      NOT NULL,
    body       TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);

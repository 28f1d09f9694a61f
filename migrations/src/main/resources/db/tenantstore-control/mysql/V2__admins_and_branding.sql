-- Branding, a fourth document per tenant (branding.yaml text, empty when none is set), and the
-- administrators, one control-plane-wide document (admins.yaml text: password hashes only, never
-- a clear password) held in the single row of ts_cp_admins. Both carry a revision for
-- compare-and-set, like the other documents.
CREATE TABLE ts_cp_branding (
    slug     VARCHAR(63) NOT NULL PRIMARY KEY,
    revision BIGINT      NOT NULL,
    body     MEDIUMTEXT  NOT NULL,
    CONSTRAINT ts_cp_branding_tenant FOREIGN KEY (slug) REFERENCES ts_cp_tenants (slug) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO ts_cp_branding (slug, revision, body) SELECT slug, 1, '' FROM ts_cp_tenants;

CREATE TABLE ts_cp_admins (
    id         SMALLINT     NOT NULL PRIMARY KEY,
    revision   BIGINT       NOT NULL,
    body       MEDIUMTEXT   NOT NULL,
    updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    CONSTRAINT ts_cp_admins_single_row CHECK (id = 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

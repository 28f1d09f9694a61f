-- The control plane kept in the global database: per tenant three documents in the text form of
-- the control-plane files (secrets stay enc: values, client secrets stay hashes), each with a
-- revision for compare-and-set, and a change log other processes poll.
CREATE TABLE ts_cp_tenants (
    slug       VARCHAR(63)  NOT NULL PRIMARY KEY,
    id         VARCHAR(36)  NOT NULL,
    version    BIGINT       NOT NULL,
    body       TEXT         NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT ts_cp_tenants_id_key UNIQUE (id)
);

CREATE TABLE ts_cp_clients (
    slug     VARCHAR(63) NOT NULL PRIMARY KEY REFERENCES ts_cp_tenants (slug) ON DELETE CASCADE,
    revision BIGINT      NOT NULL,
    body     TEXT        NOT NULL
);

CREATE TABLE ts_cp_scopes (
    slug     VARCHAR(63) NOT NULL PRIMARY KEY REFERENCES ts_cp_tenants (slug) ON DELETE CASCADE,
    revision BIGINT      NOT NULL,
    body     TEXT        NOT NULL
);

CREATE TABLE ts_cp_changes (
    seq        BIGSERIAL   NOT NULL PRIMARY KEY,
    slug       VARCHAR(63) NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX ts_cp_changes_changed_at ON ts_cp_changes (changed_at);

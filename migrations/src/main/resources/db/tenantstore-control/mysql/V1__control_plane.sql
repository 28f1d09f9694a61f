-- The control plane kept in the global database: per tenant three documents in the text form of
-- the control-plane files (secrets stay enc: values, client secrets stay hashes), each with a
-- revision for compare-and-set, and a change log other processes poll.
CREATE TABLE ts_cp_tenants (
    slug       VARCHAR(63)  NOT NULL PRIMARY KEY,
    id         VARCHAR(36)  NOT NULL,
    version    BIGINT       NOT NULL,
    body       MEDIUMTEXT   NOT NULL,
    updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    CONSTRAINT ts_cp_tenants_id_key UNIQUE (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE ts_cp_clients (
    slug     VARCHAR(63) NOT NULL PRIMARY KEY,
    revision BIGINT      NOT NULL,
    body     MEDIUMTEXT  NOT NULL,
    CONSTRAINT ts_cp_clients_tenant FOREIGN KEY (slug) REFERENCES ts_cp_tenants (slug) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE ts_cp_scopes (
    slug     VARCHAR(63) NOT NULL PRIMARY KEY,
    revision BIGINT      NOT NULL,
    body     MEDIUMTEXT  NOT NULL,
    CONSTRAINT ts_cp_scopes_tenant FOREIGN KEY (slug) REFERENCES ts_cp_tenants (slug) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE ts_cp_changes (
    seq        BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    slug       VARCHAR(63)  NOT NULL,
    changed_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX ts_cp_changes_changed_at (changed_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

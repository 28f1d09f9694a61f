-- An application's own table, migrated per target after TenantStore's tables.
CREATE TABLE app_orders (
    tenant_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id        BIGINT NOT NULL,
    total     BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
) ENGINE = InnoDB;

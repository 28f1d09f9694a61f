-- An application's own table, migrated per target after TenantStore's tables.
CREATE TABLE app_orders (
    tenant_id uuid   NOT NULL,
    id        bigint NOT NULL,
    total     bigint NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- Stands in for a migration a later release bundles: Flyway must apply it on top of a cold start.
CREATE TABLE ts_newer_release (tenant_id uuid NOT NULL, id int NOT NULL, PRIMARY KEY (tenant_id, id));

-- Stands in for a migration a later release bundles: Flyway must apply it on top of a cold start.
CREATE TABLE ts_newer_release (tenant_id BINARY(16) NOT NULL, id INT NOT NULL, PRIMARY KEY (tenant_id, id));

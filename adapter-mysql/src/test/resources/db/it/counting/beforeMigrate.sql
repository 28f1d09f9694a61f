-- Flyway callback: counts the application migration runs of a target (one per target preparation),
-- in a table of the target itself (MySQL schemas are databases; there is no common "public" one).
CREATE TABLE IF NOT EXISTS ts_it_migration_runs (schema_name VARCHAR(64) NOT NULL) ENGINE = InnoDB;
INSERT INTO ts_it_migration_runs (schema_name) VALUES (DATABASE());

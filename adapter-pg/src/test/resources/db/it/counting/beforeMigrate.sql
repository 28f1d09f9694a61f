-- Flyway callback: counts the application migration runs per target (one per target preparation).
INSERT INTO public.ts_it_migration_runs (schema_name) VALUES (current_schema());

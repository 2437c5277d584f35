-- sparkify_audit: where a load builds the star tables (committed, no declared keys) before
-- the publish transaction copies them into the published ones. The shared sql/build/ files
-- write into it under SET search_path = sparkify_audit, public (redshift/audit/enter.sql).
CREATE SCHEMA IF NOT EXISTS sparkify_audit;

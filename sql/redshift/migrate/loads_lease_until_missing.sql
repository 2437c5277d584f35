-- One row: 1 when the current schema's loads table lacks lease_until (a loads table made
-- before the lease: CREATE TABLE IF NOT EXISTS leaves it as it was), else 0. The catalog
-- tables, not SVV_COLUMNS, so the same query runs on PostgreSQL in the tests ("oid" is a
-- Redshift reserved word, hence quoted); catalog tables only, as CURRENT_SCHEMA() is a
-- leader-node function. Redshift has no ADD COLUMN IF NOT EXISTS: migrate/loads_lease_until
-- runs only when this says 1.
SELECT CASE WHEN COUNT(*) = 0 THEN 1 ELSE 0 END
FROM pg_attribute AS a
JOIN pg_class AS c ON c."oid" = a.attrelid
JOIN pg_namespace AS n ON n."oid" = c.relnamespace
WHERE n.nspname = CURRENT_SCHEMA() AND c.relname = 'loads' AND a.attname = 'lease_until'
      AND a.attnum > 0 AND NOT a.attisdropped

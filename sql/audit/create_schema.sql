-- The audit area: a fresh schema where the new star tables are built and checked before
-- publish swaps them in (a full build) or adds their rows (a delta).
DROP SCHEMA IF EXISTS sparkify_audit CASCADE;
CREATE SCHEMA sparkify_audit;

-- The audit area: a fresh schema where the new star tables are built and checked before
-- publish swaps them in. Unqualified names below resolve to it first, then to the
-- warehouse's own schema (staging, current_* views).
DROP SCHEMA IF EXISTS sparkify_audit CASCADE;
CREATE SCHEMA sparkify_audit;
SELECT set_config('search_path', 'sparkify_audit, ' || quote_ident(current_schema()), true);

-- Every build and check of the audit schema starts here, in its own transaction: unqualified
-- names resolve to the audit schema first, then to the warehouse's own schema (staging,
-- current_* views; for a delta, the scope in the audit schema shadows those), and big sorts
-- get room.
SELECT set_config('search_path', 'sparkify_audit, ' || quote_ident(current_schema()), true);
SET LOCAL work_mem = '256MB';

-- Every build and check of the audit schema starts here, in its own transaction: unqualified
-- names resolve to the audit schema first, then to the warehouse's own schema (staging,
-- current_* views; for a delta, the scope in the audit schema shadows those), big sorts
-- get room, and no statement is JIT-compiled: each runs once over whole tables, and where the
-- server has LLVM (Debian's PostgreSQL 15; the embedded 18 has none) compiling plays,
-- user_levels and latest_events took 0.4-1.1 s each, 1.1-3.2 s of a 1M-event build, and did
-- not make them run faster.
SELECT set_config('search_path', 'sparkify_audit, ' || quote_ident(current_schema()), true);
SET LOCAL work_mem = '256MB';
SET LOCAL jit = off;

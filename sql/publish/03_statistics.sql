-- After publish moved the load's files: fresh statistics on the manifest tables, whose sizes
-- just changed (the next load plans its joins on them; left to autovacuum, a delta load run
-- soon after a full one planned with an empty manifest and took minutes for a 0.2 s step).
-- Then index the block ranges the load appended to staging_events (see its BRIN index), so the
-- next delta build skips them at once; this reads only the new blocks.
ANALYZE manifest;
ANALYZE pending_manifest;
SELECT brin_summarize_new_values('staging_events_load_id');

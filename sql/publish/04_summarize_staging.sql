-- Index the block ranges the load appended to staging_events (see its BRIN index), so the next
-- delta build skips them at once instead of when autovacuum gets round to it. Reads only the
-- new blocks.
SELECT brin_summarize_new_values('staging_events_load_id');

-- Before the set-based build: fresh statistics on the staged rows (without them the planner
-- takes freshly loaded tables for empty and picks nested loops).
ANALYZE staging_events;
ANALYZE staging_songs;
ANALYZE staging_quarantine;
ANALYZE manifest;
ANALYZE pending_manifest;

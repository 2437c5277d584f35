-- Before the set-based build: fresh statistics on the staged rows (Redshift's planner, like
-- PostgreSQL's, plans blind on freshly loaded tables).
ANALYZE staging_events;
ANALYZE staging_songs;

-- Publish a full build: swap the audited tables (:tables: the build plan's published
-- tables and their bookkeeping) in for the published ones, all in this one transaction:
-- analysts see the old tables until COMMIT, then the new ones, never a mix. (A delta build is
-- published by sql/delta/publish.sql instead.) The tables are locked already
-- (04_lock_published.sql), so nothing here waits.
DO $$
DECLARE
    name TEXT;
BEGIN
    FOREACH name IN ARRAY CAST(:tables AS TEXT[])
    LOOP
        EXECUTE format('DROP TABLE IF EXISTS %I.%I', current_schema(), name);
        EXECUTE format('ALTER TABLE sparkify_audit.%I SET SCHEMA %I', name, current_schema());
    END LOOP;
END
$$;
DROP SCHEMA sparkify_audit CASCADE;  -- with the intermediate tables (song_records, plays)

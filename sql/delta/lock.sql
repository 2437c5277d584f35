-- Publish a delta build: lock the published tables it inserts into (:tables: those the
-- build plan's delta changes), before any insert, in the plan's order, as
-- publish/04_lock_published.sql does. ROW EXCLUSIVE does not wait for readers, only for a
-- stronger lock (CREATE INDEX, VACUUM FULL, an explicit LOCK TABLE); the publish's short
-- lock_timeout keeps it from queueing behind one for long.
DO $$
DECLARE
    name TEXT;
BEGIN
    FOREACH name IN ARRAY CAST(:tables AS TEXT[])
    LOOP
        EXECUTE format('LOCK TABLE %I.%I IN ROW EXCLUSIVE MODE', current_schema(), name);
    END LOOP;
END
$$;

-- Publish a full build: lock the published tables it replaces (:tables, the build plan's:
-- sparkify.build_plan.published_tables), all of them before any is dropped, in the plan's
-- order (delta/lock.sql keeps the same one). Run under the publish's short lock_timeout: a
-- reader's query holds these tables, and a publish queued behind it would hold up every new
-- reader; so it gives up at once, the transaction rolls back, and publish tries again later
-- (src/sparkify/load.py: publish). A table the plan added since the last full build is
-- missing until it publishes.
DO $$
DECLARE
    name TEXT;
BEGIN
    FOREACH name IN ARRAY CAST(:tables AS TEXT[])
    LOOP
        IF to_regclass(format('%I.%I', current_schema(), name)) IS NOT NULL THEN
            EXECUTE format('LOCK TABLE %I.%I IN ACCESS EXCLUSIVE MODE', current_schema(), name);
        END IF;
    END LOOP;
END
$$;

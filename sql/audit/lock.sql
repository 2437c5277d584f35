-- Before publish takes the published tables' locks: lock every table of the audit schema,
-- which publish moves or drops. Only this run uses them, but autovacuum may be at one; this
-- wait (no short lock_timeout yet) lets it give way while no reader is held up.
DO $$
DECLARE
    name TEXT;
BEGIN
    FOR name IN SELECT tablename FROM pg_tables WHERE schemaname = 'sparkify_audit'
                ORDER BY tablename
    LOOP
        EXECUTE format('LOCK TABLE sparkify_audit.%I IN ACCESS EXCLUSIVE MODE', name);
    END LOOP;
END
$$;

-- Swap the audited star tables in for the published ones, all in this one transaction:
-- analysts see the old tables until COMMIT, then the new ones, never a mix.
DO $$
DECLARE
    name TEXT;
BEGIN
    FOREACH name IN ARRAY ARRAY['songplays', 'users', 'songs', 'artists', 'time', 'quarantine']
    LOOP
        EXECUTE format('DROP TABLE IF EXISTS %I.%I', current_schema(), name);
        EXECUTE format('ALTER TABLE sparkify_audit.%I SET SCHEMA %I', name, current_schema());
    END LOOP;
END
$$;
DROP SCHEMA sparkify_audit;

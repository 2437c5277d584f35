-- Whether the running load can be published as a delta (one row, one boolean): it only adds
-- event files (no song file, no file it replaces, no full refresh) to a published star that
-- has its user_latest bookkeeping. Anything else rebuilds the star in full.
SELECT NOT l.full_refresh
       AND EXISTS (SELECT 1 FROM manifest)
       AND to_regclass('user_latest') IS NOT NULL
       AND NOT EXISTS (
           SELECT 1
           FROM pending_manifest AS p
           WHERE p.kind <> 'events'
              OR EXISTS (SELECT 1 FROM manifest AS m WHERE m.source_key = p.source_key)
       )
FROM loads AS l
WHERE l.load_id = %(load_id)s;

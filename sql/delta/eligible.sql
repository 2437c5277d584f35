-- Whether the running load is built as a delta (one row, one boolean), decided once before
-- anything is built, once the published star is ready for one (delta/ready.sql): the load
-- only adds event files (no song file, no file it replaces, no full refresh), and none of its
-- NextSong events is already a published songplay (the same event in an earlier file: the
-- contract keeps the copy from the smallest file and line, which a delta cannot see).
-- Anything else rebuilds the star in full. The repeated-event lookup computes
-- build/songplays.sql's songplay_id, cast to its CHAR(32) so that it goes through the
-- primary key (compared as text, it scans songplays once per event).
SELECT NOT l.full_refresh
       AND NOT EXISTS (
           SELECT 1
           FROM pending_manifest AS p
           WHERE p.kind <> 'events'
              OR EXISTS (SELECT 1 FROM manifest AS m WHERE m.source_key = p.source_key)
       )
       AND NOT EXISTS (
           SELECT 1
           FROM staging_events AS e
           JOIN songplays AS s
             ON s.songplay_id = CAST(MD5(CAST(e.ts AS VARCHAR) || '|'
                                         || CAST(e.user_id AS VARCHAR) || '|'
                                         || CAST(e.session_id AS VARCHAR) || '|'
                                         || CAST(e.item_in_session AS VARCHAR)) AS CHAR(32))
           WHERE e.load_id = :load_id AND e.page = 'NextSong'
       )
FROM loads AS l
WHERE l.load_id = :load_id;

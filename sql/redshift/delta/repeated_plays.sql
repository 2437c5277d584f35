-- The half of the delta rule only the staged rows can answer (the other half, a load that
-- only adds event files to a published warehouse, is redshift.load.allows_delta, decided
-- from the file choice): the running load's NextSong events that are published songplays
-- already (the same event in an earlier file: the contract keeps the copy from the smallest
-- file and line, which a delta cannot see). At most one row; any row builds the star in full.
-- songplay_id as build/songplays.sql computes it; start_time too, so the join is slice-local
-- (songplays is distributed and sorted by start_time) and its scan range-restricted.
SELECT s.songplay_id
FROM staging_events AS e
JOIN songplays AS s
  ON s.start_time = TIMESTAMP '1970-01-01 00:00:00' + e.ts * INTERVAL '1 millisecond'
 AND s.songplay_id = MD5(CAST(e.ts AS VARCHAR) || '|' || CAST(e.user_id AS VARCHAR) || '|'
                         || CAST(e.session_id AS VARCHAR) || '|'
                         || CAST(e.item_in_session AS VARCHAR))
WHERE e.load_id = :load_id AND e.page = 'NextSong'
LIMIT 1;

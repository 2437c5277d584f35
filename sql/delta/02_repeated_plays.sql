-- Whether any NextSong event of the load is already a published songplay (the same event in
-- an earlier file). The contract keeps such an event's copy from the smallest file and line,
-- which the delta cannot see: the load then rebuilds the star in full. The key is
-- transform/06_songplays' songplay_id, cast to its CHAR(32) so that the lookup goes through
-- the primary key (compared as text, it scans songplays once per event).
SELECT EXISTS (
    SELECT 1
    FROM sparkify_audit.staging_events AS e
    JOIN songplays AS s
      ON s.songplay_id = CAST(MD5(CAST(e.ts AS VARCHAR) || '|' || CAST(e.user_id AS VARCHAR)
                                  || '|' || CAST(e.session_id AS VARCHAR) || '|'
                                  || CAST(e.item_in_session AS VARCHAR)) AS CHAR(32))
    WHERE e.page = 'NextSong'
);

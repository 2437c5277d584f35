-- plays: one row per distinct NextSong event; key (ts, user_id, session_id, item_in_session).
-- A duplicated event keeps the copy of the earliest load, then the smallest field values
-- (Redshift rows do not know their file and line).
CREATE TEMP TABLE plays AS
SELECT ts, user_id, session_id, item_in_session, level, song, artist, length, location,
       user_agent
FROM (
    SELECT e.*,
           ROW_NUMBER() OVER (
               PARTITION BY e.ts, e.user_id, e.session_id, e.item_in_session
               ORDER BY e.load_id, e.level, e.song, e.artist, e.length, e.location, e.user_agent
           ) AS copy
    FROM current_events AS e
    WHERE e.page = 'NextSong'
) AS copies
WHERE copy = 1;

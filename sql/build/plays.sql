-- plays: one row per distinct NextSong event; key (ts, user_id, session_id, item_in_session).
-- A duplicated event keeps the copy with the smallest (source_key, line_number) (on Redshift,
-- where both are NULL: the earliest load, then the smallest field values). A table of the audit
-- schema, not a temporary one: build/played_songs reads it too, in a task of its own. Fresh
-- statistics: estimates over a window filter are blind, and a blind plan for the song match is
-- a nested loop.
CREATE TABLE plays AS
SELECT ts, user_id, session_id, item_in_session, level, song, artist, length, location,
       user_agent
FROM (
    SELECT e.*,
           ROW_NUMBER() OVER (
               PARTITION BY e.ts, e.user_id, e.session_id, e.item_in_session
               ORDER BY e.source_key, e.line_number, e.load_id, e.level, e.song, e.artist,
                        e.length, e.location, e.user_agent
           ) AS copy
    FROM current_events AS e
    WHERE e.page = 'NextSong'
) AS copies
WHERE copy = 1;
ANALYZE plays;

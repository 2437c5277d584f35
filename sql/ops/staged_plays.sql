-- The number of distinct NextSong events staged in the current files (by ts, user_id,
-- session_id, item_in_session): songplays must hold exactly this many rows. Counted once
-- here, for the songplays suite's $PARAMETER, rather than inside GX's query twice.
SELECT COUNT(*)
FROM (
    SELECT DISTINCT ts, user_id, session_id, item_in_session
    FROM current_events
    WHERE page = 'NextSong'
) AS plays;

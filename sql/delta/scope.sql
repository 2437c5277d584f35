-- The scope of a delta build: the running load's own rows, under the names the shared
-- build steps read (staging_events, current_files, current_events, current_songs,
-- current_quarantine, user_events, earlier_played_songs, earlier_listeners; level_events
-- comes from delta/level_events.sql, shared with Redshift),
-- created in the audit schema. The audit schema comes first
-- in the search path, so the build/ steps run unchanged and compute the new rows only.
-- Runs before any star table exists in the audit schema: unqualified names here still read
-- the published tables, and a view binds to what its names meant when it was created.
CREATE TABLE sparkify_audit.staging_events AS
SELECT * FROM staging_events WHERE load_id = :load_id;
CREATE VIEW sparkify_audit.current_files AS
SELECT source_key, load_id FROM pending_manifest WHERE load_id = :load_id;
CREATE VIEW sparkify_audit.current_events AS
SELECT * FROM sparkify_audit.staging_events;
CREATE VIEW sparkify_audit.current_quarantine AS
SELECT * FROM staging_quarantine WHERE load_id = :load_id;
-- The song records a new play could match: every record of a song that has a record with the
-- play's title and artist name (the winning record is chosen among all of them).
CREATE VIEW sparkify_audit.current_songs AS
SELECT s.*
FROM current_songs AS s
WHERE s.song_id IN (
    SELECT c.song_id
    FROM current_songs AS c
    JOIN sparkify_audit.current_events AS e ON e.song = c.title AND e.artist = c.artist_name
    WHERE e.page = 'NextSong'
);
-- The users' candidate latest events: the load's own, and each of its users' published
-- latest event (its sort key from user_latest, its attributes from users).
CREATE VIEW sparkify_audit.user_events AS
SELECT user_id, ts, item_in_session, source_key, line_number, first_name, last_name, gender,
       level
FROM sparkify_audit.current_events
WHERE user_id IS NOT NULL
UNION ALL
SELECT l.user_id, l.ts, l.item_in_session, l.source_key, l.line_number, u.first_name,
       u.last_name, u.gender, u.level
FROM user_latest AS l
JOIN users AS u ON u.user_id = l.user_id
WHERE l.user_id IN (SELECT user_id FROM sparkify_audit.current_events);
-- played_songs: the published rows of the (song, artist) pairs the load plays, and the pairs
-- the load's users played in published songplays (their winning copies), so a user who played
-- a pair before is not counted again.
CREATE VIEW sparkify_audit.earlier_played_songs AS
SELECT p.song, p.artist, p.plays, p.users, p.first_played, p.last_played, p.matched_plays,
       p.song_id
FROM played_songs AS p
WHERE EXISTS (
    SELECT 1
    FROM sparkify_audit.current_events AS e
    WHERE e.page = 'NextSong' AND e.song = p.song
      AND COALESCE(e.artist, '') = COALESCE(p.artist, '')
);
CREATE VIEW sparkify_audit.earlier_listeners AS
SELECT DISTINCT user_id, song, artist
FROM (
    SELECT e.user_id, e.song, e.artist,
           ROW_NUMBER() OVER (
               PARTITION BY e.ts, e.user_id, e.session_id, e.item_in_session
               ORDER BY e.source_key, e.line_number
           ) AS copy
    FROM current_events AS e
    WHERE e.page = 'NextSong' AND e.load_id <> :load_id
      AND e.user_id IN (SELECT user_id FROM sparkify_audit.current_events
                        WHERE page = 'NextSong')
) AS copies
WHERE copy = 1 AND song IS NOT NULL;
ANALYZE sparkify_audit.staging_events;
ANALYZE pending_manifest;  -- it holds just this load's files now: plan with that

-- The scope of a delta build (PostgreSQL's is sql/delta/scope.sql): views of the audit schema
-- under the names the shared sql/build/ files read, each one row per staged row it keeps
-- (keys as in the staging tables) or per published row it carries. The audit schema comes
-- first in the search path, so the build steps run unchanged and compute only the rows the
-- load adds or changes. Every other name is qualified with public: a view binds to what its
-- names meant when it was made, and views made here would shadow the unqualified ones.
-- The load's own staged rows (staging_events is sorted by load_id: one load's blocks only).
CREATE VIEW sparkify_audit.current_events AS
SELECT * FROM public.staging_events WHERE load_id = :load_id;
CREATE VIEW sparkify_audit.current_quarantine AS
SELECT * FROM public.staging_quarantine WHERE load_id = :load_id;
-- The song records a new play could match: every record of a song that has a record with the
-- play's title and artist name (the winning record is chosen among all of them).
CREATE VIEW sparkify_audit.current_songs AS
SELECT s.*
FROM public.current_songs AS s
WHERE s.song_id IN (
    SELECT c.song_id
    FROM public.current_songs AS c
    JOIN sparkify_audit.current_events AS e ON e.song = c.title AND e.artist = c.artist_name
    WHERE e.page = 'NextSong'
);
-- users: every current event, published or new, of the load's users, so a user's latest
-- event is chosen among all of them, as a full build does (the staged rows on Redshift carry
-- no file and line: there is no user_latest to compare with).
CREATE VIEW sparkify_audit.user_events AS
SELECT * FROM public.user_events
WHERE user_id IN (SELECT user_id FROM sparkify_audit.current_events);
-- played_songs: the published rows of the (song, artist) pairs the load plays, and the pairs
-- the load's users played in published songplays (their winning copies), so a user who played
-- a pair before is not counted again.
CREATE VIEW sparkify_audit.earlier_played_songs AS
SELECT p.song, p.artist, p.plays, p.users, p.first_played, p.last_played, p.matched_plays,
       p.song_id
FROM public.played_songs AS p
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
               ORDER BY e.source_key, e.line_number, e.load_id
           ) AS copy
    FROM public.current_events AS e
    WHERE e.page = 'NextSong' AND e.load_id <> :load_id
      AND e.user_id IN (SELECT user_id FROM sparkify_audit.current_events
                        WHERE page = 'NextSong')
) AS copies
WHERE copy = 1 AND song IS NOT NULL;

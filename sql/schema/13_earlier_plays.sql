-- earlier_played_songs, earlier_listeners: the plays a build of played_songs adds its own
-- to. A full build counts every play itself, so here they are empty (typed, and reading no
-- published table, which a full publish drops); a delta's scope (sql/delta/scope.sql)
-- shadows them with the published rows of the (song, artist) pairs it plays, and the pairs
-- its users had played before.
CREATE OR REPLACE VIEW earlier_played_songs AS
SELECT CAST(NULL AS TEXT) AS song, CAST(NULL AS TEXT) AS artist, CAST(NULL AS BIGINT) AS plays,
       CAST(NULL AS BIGINT) AS users, CAST(NULL AS TIMESTAMP) AS first_played,
       CAST(NULL AS TIMESTAMP) AS last_played, CAST(NULL AS BIGINT) AS matched_plays,
       CAST(NULL AS TEXT) COLLATE "C" AS song_id
WHERE FALSE;
CREATE OR REPLACE VIEW earlier_listeners AS
SELECT CAST(NULL AS BIGINT) AS user_id, CAST(NULL AS TEXT) AS song, CAST(NULL AS TEXT) AS artist
WHERE FALSE;

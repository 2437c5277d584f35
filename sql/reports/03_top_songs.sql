-- The ten most played songs as the events name them (played_songs), matched to the catalog or
-- not; one row per (song, artist), with the share of its plays that matched a known song.
SELECT song, artist, plays, users,
       ROUND(100.0 * matched_plays / plays, 1) AS matched_percent, song_id
FROM played_songs
ORDER BY plays DESC, song COLLATE "C", artist COLLATE "C"
LIMIT 10;

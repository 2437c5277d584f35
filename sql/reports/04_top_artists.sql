-- The ten most played artists as the events name them (played_songs); one row per artist, with
-- the share of their plays that matched a known song. users: listeners summed over the
-- artist's songs (a user who played two of them counts twice).
SELECT artist, SUM(plays) AS plays, COUNT(*) AS songs,
       ROUND(100.0 * SUM(matched_plays) / SUM(plays), 1) AS matched_percent
FROM played_songs
WHERE artist IS NOT NULL
GROUP BY artist
ORDER BY plays DESC, artist COLLATE "C"
LIMIT 10;

-- All plays, plays matched to a known song, and the matched share; one row.
SELECT COUNT(*) AS plays, COUNT(song_id) AS matched,
       ROUND(100.0 * COUNT(song_id) / NULLIF(COUNT(*), 0), 1) AS matched_percent
FROM songplays;

-- explain song: every staged record of song :id in the published files, as
-- <source_key>:<line>, and which won (the smallest source_key, then line_number). No row: no
-- such song record.
SELECT s.source_key || ':' || CAST(s.line_number AS VARCHAR) AS record, s.load_id, s.title,
       s.artist_id, s.artist_name, s.duration, s.year,
       CASE WHEN ROW_NUMBER() OVER (ORDER BY s.source_key, s.line_number) = 1
            THEN 'won: smallest source_key, then line_number'
            ELSE 'lost: a smaller source_key or line_number won' END AS outcome
FROM staging_songs AS s
JOIN manifest AS m ON m.source_key = s.source_key AND m.load_id = s.load_id
WHERE s.song_id = :id
ORDER BY s.source_key, s.line_number;

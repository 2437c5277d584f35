-- explain songplay: every staged copy of the event behind songplay :id in the published
-- files, as <source_key>:<line>, the copy's fields, and which copy won (the contract: the
-- smallest source_key, then the smallest line_number); no row: no such songplay.
SELECT e.source_key || ':' || CAST(e.line_number AS VARCHAR) AS copy, e.load_id, e.level,
       e.song, e.artist, e.length, e.location,
       CASE WHEN ROW_NUMBER() OVER (ORDER BY e.source_key, e.line_number) = 1
            THEN 'won: smallest source_key, then line_number'
            ELSE 'lost: a smaller source_key or line_number won' END AS outcome
FROM songplays AS p
JOIN staging_events AS e
  ON e.user_id = p.user_id AND e.session_id = p.session_id AND e.page = 'NextSong'
 AND MD5(CAST(e.ts AS VARCHAR) || '|' || CAST(e.user_id AS VARCHAR) || '|'
         || CAST(e.session_id AS VARCHAR) || '|' || CAST(e.item_in_session AS VARCHAR))
     = p.songplay_id
JOIN manifest AS m ON m.source_key = e.source_key AND m.load_id = e.load_id
WHERE p.songplay_id = :id
ORDER BY e.source_key, e.line_number;

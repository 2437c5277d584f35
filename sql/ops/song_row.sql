-- explain song: the published song :id, its artist, and the (song, artist) pairs of
-- played_songs whose plays matched it.
SELECT s.song_id, s.title, s.duration, a.name AS artist, p.song AS played_as,
       p.artist AS played_by, p.plays, p.matched_plays
FROM songs AS s
LEFT JOIN artists AS a ON a.artist_id = s.artist_id
LEFT JOIN played_songs AS p ON p.song_id = s.song_id
WHERE s.song_id = :id
ORDER BY p.plays DESC, p.song COLLATE "C", p.artist COLLATE "C";

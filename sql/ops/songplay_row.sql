-- explain songplay: the published songplay :id, with its matched song's title and artist.
SELECT p.songplay_id, p.start_time, p.user_id, p.level, p.song_id, s.title, a.name AS artist,
       p.session_id
FROM songplays AS p
LEFT JOIN songs AS s ON s.song_id = p.song_id
LEFT JOIN artists AS a ON a.artist_id = p.artist_id
WHERE p.songplay_id = :id;

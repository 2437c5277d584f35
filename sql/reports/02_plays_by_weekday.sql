-- Plays per weekday (0 = Sunday ... 6 = Saturday); one row per weekday that has plays.
SELECT t.weekday, COUNT(*) AS plays
FROM songplays AS p
JOIN time AS t ON t.start_time = p.start_time
GROUP BY t.weekday
ORDER BY t.weekday;

-- Plays per hour of day (UTC); one row per hour 0-23 that has plays.
SELECT t.hour, COUNT(*) AS plays
FROM songplays AS p
JOIN time AS t ON t.start_time = p.start_time
GROUP BY t.hour
ORDER BY t.hour;

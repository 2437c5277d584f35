-- Plays per hour of day (UTC); one row per hour 0-23 that has plays. The hour is time.hour's
-- own expression on songplays.start_time: joining every play to time doubled the query.
SELECT CAST(EXTRACT(hour FROM start_time) AS INTEGER) AS hour, COUNT(*) AS plays
FROM songplays
GROUP BY 1
ORDER BY 1;

-- Plays per weekday (0 = Sunday ... 6 = Saturday); one row per weekday that has plays. The
-- weekday is time.weekday's own expression on songplays.start_time (see 01_plays_by_hour).
SELECT CAST(EXTRACT(dow FROM start_time) AS INTEGER) AS weekday, COUNT(*) AS plays
FROM songplays
GROUP BY 1
ORDER BY 1;

-- time: one row per distinct songplays.start_time; key start_time. week is the ISO week,
-- weekday 0 = Sunday ... 6 = Saturday (EXTRACT(dow), the same on PostgreSQL and Redshift).
INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT start_time,
       EXTRACT(hour FROM start_time), EXTRACT(day FROM start_time),
       EXTRACT(week FROM start_time), EXTRACT(month FROM start_time),
       EXTRACT(year FROM start_time), EXTRACT(dow FROM start_time)
FROM (SELECT DISTINCT start_time FROM songplays) AS played;

-- The ten metro areas with the most plays; one row per location.
SELECT location, COUNT(*) AS plays
FROM songplays
WHERE location IS NOT NULL
GROUP BY location
ORDER BY plays DESC, location
LIMIT 10;

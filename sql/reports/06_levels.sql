-- Free vs paid: plays at each level and users whose current level it is; one row per level.
SELECT level, SUM(plays) AS plays, SUM(users) AS users
FROM (
    SELECT level, COUNT(*) AS plays, 0 AS users FROM songplays GROUP BY level
    UNION ALL
    SELECT level, 0, COUNT(*) FROM users GROUP BY level
) AS counts
GROUP BY level
ORDER BY level;

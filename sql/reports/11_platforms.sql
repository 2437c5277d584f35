-- Plays by client platform, parsed from the user agent; one row per platform.
SELECT platform, COUNT(*) AS plays
FROM (
    SELECT CASE WHEN user_agent LIKE '%iPhone%' THEN 'iPhone'
                WHEN user_agent LIKE '%iPad%' THEN 'iPad'
                WHEN user_agent LIKE '%Android%' THEN 'Android'
                WHEN user_agent LIKE '%Windows%' THEN 'Windows'
                WHEN user_agent LIKE '%Macintosh%' THEN 'Mac'
                WHEN user_agent LIKE '%Linux%' THEN 'Linux'
                WHEN user_agent IS NULL THEN 'unknown'
                ELSE 'other' END AS platform
    FROM songplays
) AS clients
GROUP BY platform
ORDER BY plays DESC, platform;

-- Plays by client platform, parsed from the user agent; one row per platform. Plays are
-- counted per user agent first (a few distinct ones), then each agent is parsed once.
SELECT platform, CAST(SUM(plays) AS BIGINT) AS plays
FROM (
    SELECT CASE WHEN user_agent LIKE '%iPhone%' THEN 'iPhone'
                WHEN user_agent LIKE '%iPad%' THEN 'iPad'
                WHEN user_agent LIKE '%Android%' THEN 'Android'
                WHEN user_agent LIKE '%Windows%' THEN 'Windows'
                WHEN user_agent LIKE '%Macintosh%' THEN 'Mac'
                WHEN user_agent LIKE '%Linux%' THEN 'Linux'
                WHEN user_agent IS NULL THEN 'unknown'
                ELSE 'other' END AS platform,
           plays
    FROM (SELECT user_agent, COUNT(*) AS plays FROM songplays GROUP BY user_agent) AS agents
) AS clients
GROUP BY platform
ORDER BY plays DESC, platform;

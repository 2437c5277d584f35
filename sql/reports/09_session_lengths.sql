-- Plays per session, as a distribution; one row per bucket of session length.
SELECT CASE WHEN plays = 1 THEN '1'
            WHEN plays <= 5 THEN '2-5'
            WHEN plays <= 20 THEN '6-20'
            WHEN plays <= 50 THEN '21-50'
            ELSE '51+' END AS plays_per_session,
       COUNT(*) AS sessions,
       MIN(plays) AS bucket_start
FROM (SELECT user_id, session_id, COUNT(*) AS plays FROM songplays
      GROUP BY user_id, session_id) AS sessions
GROUP BY 1
ORDER BY bucket_start;

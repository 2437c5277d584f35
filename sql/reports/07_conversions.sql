-- Level changes in event time (user_levels): one row per change of level (free -> paid,
-- paid -> free); the users who made it, how many times it happened, and the median time
-- spent at the earlier level before it (in days).
SELECT b.level AS from_level, n.level AS to_level, COUNT(DISTINCT b.user_id) AS users,
       COUNT(*) AS changes,
       ROUND(CAST(PERCENTILE_CONT(0.5) WITHIN GROUP (
           ORDER BY EXTRACT(epoch FROM n.valid_from - b.valid_from)) / 86400 AS NUMERIC), 2)
           AS median_days_before
FROM user_levels AS b
JOIN user_levels AS n ON n.user_id = b.user_id AND n.valid_from = b.valid_to
GROUP BY b.level, n.level
ORDER BY b.level, n.level;

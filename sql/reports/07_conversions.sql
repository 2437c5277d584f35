-- Conversions: users with a free play followed later by a paid play; one row, the count.
SELECT COUNT(*) AS converted_users
FROM (
    SELECT user_id
    FROM songplays
    GROUP BY user_id
    HAVING MIN(CASE WHEN level = 'free' THEN start_time END)
         < MAX(CASE WHEN level = 'paid' THEN start_time END)
) AS converted;

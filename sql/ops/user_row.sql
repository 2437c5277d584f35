-- explain user: the published user :id and their level periods (user_levels), oldest first.
SELECT u.user_id, u.first_name, u.last_name, u.gender, u.level AS level_now, l.level,
       l.valid_from, l.valid_to
FROM users AS u
LEFT JOIN user_levels AS l ON l.user_id = u.user_id
WHERE u.user_id = :id
ORDER BY l.valid_from;

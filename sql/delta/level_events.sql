-- level_events for a delta build, on PostgreSQL and Redshift alike (each runs it right after
-- its own scope): one row per current event with a level of the load's users, from where their
-- periods can change; key (source_key, line_number) as in the published view. That point is
-- the start of each user's last published period that begins before their earliest new event:
-- the moments before that event stand, and that start, a moment whose level differs from the
-- one before it, still starts a period. A user with no such period has all their events read.
-- Publish replaces each user's periods from their first audited one on (delta/publish.sql,
-- redshift/delta/publish.sql). Unqualified names are the published ones: it runs before any
-- audit table of these names exists, and a view binds to what its names meant when made.
CREATE VIEW sparkify_audit.level_events AS
SELECT e.*
FROM level_events AS e
JOIN (
    SELECT n.user_id, MAX(p.valid_from) AS since
    FROM (
        SELECT user_id, MIN(ts) AS first_ts
        FROM sparkify_audit.current_events
        WHERE user_id IS NOT NULL AND level IS NOT NULL
        GROUP BY user_id
    ) AS n
    LEFT JOIN user_levels AS p
      ON p.user_id = n.user_id
     AND p.valid_from < TIMESTAMP '1970-01-01 00:00:00' + n.first_ts * INTERVAL '1 millisecond'
    GROUP BY n.user_id
) AS r ON r.user_id = e.user_id
WHERE r.since IS NULL
   OR TIMESTAMP '1970-01-01 00:00:00' + e.ts * INTERVAL '1 millisecond' >= r.since;

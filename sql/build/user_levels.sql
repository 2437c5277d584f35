-- user_levels: one row per period a user spent at one level; key (user_id, valid_from).
-- The events users ranks (any page, non-empty userId), those with a level, in the contract's
-- order for 'latest' read ascending (ts, itemInSession NULL lowest, then greatest source_key,
-- line_number): so the current period's level is users.level. Events sharing one ts are one
-- moment, at the level of the one ranked latest (so valid_from is unique per user). A period
-- starts at each moment whose level differs from the previous moment's. Derived from ts alone:
-- the same in any load order. Reads level_events: in a delta, every current event of the
-- load's users (sql/delta/scope.sql), whose periods publish replaces.
INSERT INTO user_levels (user_id, level, valid_from, valid_to)
SELECT user_id, level, valid_from,
       LEAD(valid_from) OVER (PARTITION BY user_id ORDER BY valid_from) AS valid_to
FROM (
    SELECT user_id, level, TIMESTAMP '1970-01-01 00:00:00' + ts * INTERVAL '1 millisecond'
               AS valid_from,
           LAG(level) OVER (PARTITION BY user_id ORDER BY ts) AS previous_level
    FROM (
        SELECT e.user_id, e.ts, e.level,
               ROW_NUMBER() OVER (
                   PARTITION BY e.user_id, e.ts
                   ORDER BY e.item_in_session DESC NULLS LAST, e.source_key, e.line_number
               ) AS pick
        FROM level_events AS e
    ) AS ranked
    WHERE pick = 1
) AS moments
WHERE previous_level IS NULL OR previous_level <> level;

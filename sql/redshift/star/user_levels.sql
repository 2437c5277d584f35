-- user_levels: one row per period a user spent at one level, in event time; key
-- (user_id, valid_from), not declared (Redshift does not enforce keys and its planner trusts
-- them: the key is checked instead). Small, read by user: a copy on every node.
CREATE TABLE IF NOT EXISTS user_levels (
    user_id    BIGINT NOT NULL,
    level      VARCHAR(16) NOT NULL,
    valid_from TIMESTAMP NOT NULL,
    valid_to   TIMESTAMP
) DISTSTYLE ALL SORTKEY (user_id, valid_from);

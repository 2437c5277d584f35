-- user_levels: one row per period a user spent at one level, in event time; key
-- (user_id, valid_from) (added by build/user_levels.sql). valid_to is the next period's
-- valid_from, NULL for the current period. Beside the contract's tables.
CREATE TABLE IF NOT EXISTS user_levels (
    user_id    BIGINT NOT NULL,
    level      TEXT NOT NULL,
    valid_from TIMESTAMP NOT NULL,
    valid_to   TIMESTAMP
);

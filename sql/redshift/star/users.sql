-- users: one row per user; key user_id. Small: a copy on every node (DISTSTYLE ALL), so the
-- fact joins it without moving rows.
CREATE TABLE IF NOT EXISTS users (
    user_id    BIGINT NOT NULL,
    first_name VARCHAR(256),
    last_name  VARCHAR(256),
    gender     VARCHAR(16),
    level      VARCHAR(16)
) DISTSTYLE ALL SORTKEY (user_id);

-- users: one row per user seen in any event; key user_id (primary key added by
-- audit/finish_table, with the key the build plan names, after the rows). Attributes from the latest event.
CREATE TABLE IF NOT EXISTS users (
    user_id    BIGINT NOT NULL,
    first_name TEXT,
    last_name  TEXT,
    gender     TEXT,
    level      TEXT
);

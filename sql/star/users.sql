-- users: one row per user seen in any event; key user_id. Attributes from the latest event.
CREATE TABLE IF NOT EXISTS users (
    user_id    BIGINT PRIMARY KEY,
    first_name TEXT,
    last_name  TEXT,
    gender     TEXT,
    level      TEXT
);

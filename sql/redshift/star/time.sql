-- time: one row per distinct songplays.start_time; key start_time. About as many rows as
-- songplays, so distributed like it (DISTKEY start_time) rather than copied to every node.
CREATE TABLE IF NOT EXISTS time (
    start_time TIMESTAMP NOT NULL,
    hour       INTEGER NOT NULL,
    day        INTEGER NOT NULL,
    week       INTEGER NOT NULL,
    month      INTEGER NOT NULL,
    year       INTEGER NOT NULL,
    weekday    INTEGER NOT NULL
) DISTKEY (start_time) SORTKEY (start_time);

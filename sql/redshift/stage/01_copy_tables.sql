-- copy_events, copy_songs: the rows COPY reads, as they come; no key. Column order is the
-- JSONPaths order for events; songs map by name (JSON 'auto'). The numeric fields land as
-- SUPER: a JSON value shredded into a SUPER column keeps its JSON type (copy_json: "Attributes
-- can be Amazon Redshift scalars or SUPER values"), so the checks (stage/02_checked_events,
-- 03_checked_songs) tell the number 7 from the string "7" and from "" (JSON_TYPEOF), an
-- integer from 7.0 or 1.5e12 (IS_BIGINT) and an overflowing integer (DECIMAL of scale 0, not
-- BIGINT) from both, where a numeric column would take "" as NULL, convert "7" and abort on
-- an overflow, and a VARCHAR one drops the quotes. Text fields land as text.
-- copy_songs' last four columns are filled by compacted parts only (copy_songs_compacted:
-- each record's file and line, and a line that is not a JSON object as its reason and text);
-- the COPY of the source's own files (copy_songs) lists the other columns, so a song file's
-- own field of one of those names is ignored, as every unknown field.
CREATE TEMPORARY TABLE copy_events (
    artist          VARCHAR(1024),
    auth            VARCHAR(64),
    first_name      VARCHAR(256),
    gender          VARCHAR(16),
    item_in_session SUPER,
    last_name       VARCHAR(256),
    length          SUPER,
    level           VARCHAR(16),
    location        VARCHAR(1024),
    method          VARCHAR(16),
    page            VARCHAR(64),
    registration    SUPER,
    session_id      SUPER,
    song            VARCHAR(1024),
    status          SUPER,
    ts              SUPER,
    user_agent      VARCHAR(1024),
    user_id         SUPER
);
CREATE TEMPORARY TABLE copy_songs (
    num_songs        SUPER,
    artist_id        VARCHAR(64),
    artist_latitude  SUPER,
    artist_longitude SUPER,
    artist_location  VARCHAR(1024),
    artist_name      VARCHAR(1024),
    song_id          VARCHAR(64),
    title            VARCHAR(1024),
    duration         SUPER,
    year             SUPER,
    source_key       VARCHAR(1024),
    line_number      VARCHAR(64),
    bad_reason       VARCHAR(1024),
    bad_line         VARCHAR(65535)
);

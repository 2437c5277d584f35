-- copy_events, copy_songs: the rows COPY reads, as they come; no key. Column order is the
-- JSONPaths order for events; songs map by name (JSON 'auto'). Every field lands as text,
-- numbers too: COPY would turn "" in a numeric field into NULL and convert a numeric string,
-- where the contract quarantines both (stage/02_checked_events, 03_checked_songs check them).
-- copy_songs' last four columns are filled by compacted parts only (copy_songs_compacted:
-- each record's file and line, and a line that is not a JSON object as its reason and text);
-- the COPY of the source's own files (copy_songs) lists the other columns, so a song file's
-- own field of one of those names is ignored, as every unknown field.
CREATE TEMPORARY TABLE copy_events (
    artist          VARCHAR(1024),
    auth            VARCHAR(64),
    first_name      VARCHAR(256),
    gender          VARCHAR(16),
    item_in_session VARCHAR(64),
    last_name       VARCHAR(256),
    length          VARCHAR(64),
    level           VARCHAR(16),
    location        VARCHAR(1024),
    method          VARCHAR(16),
    page            VARCHAR(64),
    registration    VARCHAR(64),
    session_id      VARCHAR(64),
    song            VARCHAR(1024),
    status          VARCHAR(64),
    ts              VARCHAR(64),
    user_agent      VARCHAR(1024),
    user_id         VARCHAR(64)
);
CREATE TEMPORARY TABLE copy_songs (
    num_songs        VARCHAR(64),
    artist_id        VARCHAR(64),
    artist_latitude  VARCHAR(64),
    artist_longitude VARCHAR(64),
    artist_location  VARCHAR(1024),
    artist_name      VARCHAR(1024),
    song_id          VARCHAR(64),
    title            VARCHAR(1024),
    duration         VARCHAR(64),
    year             VARCHAR(64),
    source_key       VARCHAR(1024),
    line_number      VARCHAR(64),
    bad_reason       VARCHAR(1024),
    bad_line         VARCHAR(65535)
);

-- copy_events, copy_songs: the rows COPY reads, as they come; no key. Column order is the
-- JSONPaths order for events; songs map by name (JSON 'auto'). Every field lands as text,
-- numbers too: COPY would turn "" in a numeric field into NULL and convert a numeric string,
-- where the contract quarantines both (stage/02_checked_events, 03_checked_songs check them).
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
    year             VARCHAR(64)
);

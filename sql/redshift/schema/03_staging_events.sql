-- staging_events: one row per staged event; key (load_id, ts, user_id, session_id,
-- item_in_session) up to duplicates. The columns of PostgreSQL's staging_events, so the shared
-- transform reads both; source_key and line_number stay NULL (COPY does not report them).
-- DISTSTYLE EVEN, not DISTKEY(user_id): logged-out events (NULL userId, a large share) would
-- all land on one slice.
CREATE TABLE IF NOT EXISTS staging_events (
    source_key      VARCHAR(1024),
    line_number     INTEGER,
    load_id         BIGINT NOT NULL,
    artist          VARCHAR(1024),
    auth            VARCHAR(64),
    first_name      VARCHAR(256),
    gender          VARCHAR(16),
    item_in_session BIGINT,
    last_name       VARCHAR(256),
    length          DOUBLE PRECISION,
    level           VARCHAR(16),
    location        VARCHAR(1024),
    method          VARCHAR(16),
    page            VARCHAR(64) NOT NULL,
    registration    DOUBLE PRECISION,
    session_id      BIGINT,
    song            VARCHAR(1024),
    status          BIGINT,
    ts              BIGINT NOT NULL,
    user_agent      VARCHAR(1024),
    user_id         BIGINT
) DISTSTYLE EVEN SORTKEY (load_id);

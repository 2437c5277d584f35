-- field_nulls of the running load: per staging_events column, its NULLs among the load's own
-- staged events (one pass over them; the BRIN index on load_id skips the other loads' rows).
INSERT INTO field_nulls (load_id, field, nulls, records)
SELECT :load_id, f.field, f.nulls, c.records
FROM (
    SELECT count(*) AS records,
           count(*) - count(artist) AS artist, count(*) - count(auth) AS auth,
           count(*) - count(first_name) AS first_name, count(*) - count(gender) AS gender,
           count(*) - count(item_in_session) AS item_in_session,
           count(*) - count(last_name) AS last_name, count(*) - count(length) AS length,
           count(*) - count(level) AS level, count(*) - count(location) AS location,
           count(*) - count(method) AS method, count(*) - count(registration) AS registration,
           count(*) - count(session_id) AS session_id, count(*) - count(song) AS song,
           count(*) - count(status) AS status, count(*) - count(user_agent) AS user_agent,
           count(*) - count(user_id) AS user_id
    FROM staging_events
    WHERE load_id = :load_id
) AS c
CROSS JOIN LATERAL (VALUES
    ('artist', c.artist), ('auth', c.auth), ('first_name', c.first_name), ('gender', c.gender),
    ('item_in_session', c.item_in_session), ('last_name', c.last_name), ('length', c.length),
    ('level', c.level), ('location', c.location), ('method', c.method),
    ('registration', c.registration), ('session_id', c.session_id), ('song', c.song),
    ('status', c.status), ('user_agent', c.user_agent), ('user_id', c.user_id)
) AS f (field, nulls)
WHERE c.records > 0
ON CONFLICT (load_id, field) DO UPDATE SET nulls = excluded.nulls, records = excluded.records;

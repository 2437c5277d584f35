-- Stream event rows into staging_events: one row per valid event line. The column order is
-- the order sparkify.records.event_row returns.
COPY staging_events (
    source_key, line_number, load_id,
    artist, auth, first_name, gender, item_in_session, last_name, length, level, location,
    method, page, registration, session_id, song, status, ts, user_agent, user_id
) FROM STDIN

-- The classic tutorial load: one INSERT per event record (the row-by-row baseline).
INSERT INTO staging_events (
    source_key, line_number, load_id,
    artist, auth, first_name, gender, item_in_session, last_name, length, level, location,
    method, page, registration, session_id, song, status, ts, user_agent, user_id
) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s);

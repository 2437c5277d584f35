-- checked_events: one row per event COPY accepted, with the contract rule it breaks (NULL when
-- none): the rules COPY cannot apply. Bad ones go to quarantine, good ones to staging_events,
-- empty text becoming NULL and start_time back to epoch milliseconds.
CREATE TEMP TABLE checked_events AS
SELECT c.*,
       CASE
           WHEN c.start_time IS NULL THEN 'ts is missing'
           WHEN NULLIF(c.page, '') IS NULL THEN 'page is missing'
           WHEN c.user_id !~ '^[0-9]*$' THEN 'userId is not a string of digits'
           WHEN c.page = 'NextSong' AND NULLIF(c.user_id, '') IS NULL
               THEN 'NextSong event lacks userId'
           WHEN c.page = 'NextSong' AND c.session_id IS NULL THEN 'NextSong event lacks sessionId'
           WHEN c.page = 'NextSong' AND c.item_in_session IS NULL
               THEN 'NextSong event lacks itemInSession'
       END AS reason
FROM copy_events AS c;
INSERT INTO staging_quarantine (source_key, line_number, load_id, reason, raw)
SELECT NULL, NULL, :load_id, reason,
       'ts=' || COALESCE(CAST(start_time AS VARCHAR), '') || ' userId=' || COALESCE(user_id, '')
       || ' sessionId=' || COALESCE(CAST(session_id AS VARCHAR), '') || ' page='
       || COALESCE(page, '')
FROM checked_events
WHERE reason IS NOT NULL;
INSERT INTO staging_events (source_key, line_number, load_id, artist, auth, first_name, gender,
                            item_in_session, last_name, length, level, location, method, page,
                            registration, session_id, song, status, ts, user_agent, user_id)
SELECT NULL, NULL, :load_id, NULLIF(artist, ''), NULLIF(auth, ''), NULLIF(first_name, ''),
       NULLIF(gender, ''), item_in_session, NULLIF(last_name, ''), length, NULLIF(level, ''),
       NULLIF(location, ''), NULLIF(method, ''), page, registration, session_id,
       NULLIF(song, ''), status, DATEDIFF(ms, TIMESTAMP '1970-01-01 00:00:00', start_time),
       NULLIF(user_agent, ''), CAST(NULLIF(user_id, '') AS BIGINT)
FROM checked_events
WHERE reason IS NULL;

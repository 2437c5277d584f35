-- checked_events: one row per event COPY accepted, with the contract rule it breaks (NULL when
-- none), in the contract's order: the rules COPY cannot apply. Bad ones go to quarantine, good
-- ones to staging_events, numbers cast from their text and empty text becoming NULL.
-- Emptiness is LENGTH(x) = 0, never x = '' nor NULLIF(x, ''): Redshift ignores trailing blanks
-- when it compares VARCHARs, so '  ' = '' is true, while LENGTH counts them.
-- An integer is 1 to 19 digits (with a sign) within BIGINT's range; a number is a JSON number.
CREATE TEMPORARY TABLE checked_events AS
SELECT c.*,
       CASE
           WHEN c.ts IS NULL THEN 'ts is missing'
           WHEN NOT c.ts ~ '^-?[0-9]{1,19}$' THEN 'ts is not an integer'
           WHEN CAST(c.ts AS DECIMAL(38, 0)) NOT BETWEEN -62135596800000 AND 253402300799999
               THEN 'ts is out of range'
           WHEN c.page IS NULL OR LENGTH(c.page) = 0 THEN 'page is missing'
           WHEN NOT c.user_id ~ '^[0-9]*$' THEN 'userId is not a string of digits'
           WHEN LENGTH(c.user_id) > 19
                OR (LENGTH(c.user_id) = 19 AND c.user_id > '9223372036854775807')
               THEN 'userId is out of range'
           WHEN NOT c.session_id ~ '^-?[0-9]{1,19}$' THEN 'sessionId is not an integer'
           WHEN CAST(c.session_id AS DECIMAL(38, 0))
                NOT BETWEEN -9223372036854775808 AND 9223372036854775807
               THEN 'sessionId is out of range'
           WHEN NOT c.item_in_session ~ '^-?[0-9]{1,19}$' THEN 'itemInSession is not an integer'
           WHEN CAST(c.item_in_session AS DECIMAL(38, 0))
                NOT BETWEEN -9223372036854775808 AND 9223372036854775807
               THEN 'itemInSession is out of range'
           WHEN c.page = 'NextSong' AND LENGTH(c.page) = 8
                AND (c.user_id IS NULL OR LENGTH(c.user_id) = 0)
               THEN 'NextSong event lacks userId'
           WHEN c.page = 'NextSong' AND LENGTH(c.page) = 8 AND c.session_id IS NULL
               THEN 'NextSong event lacks sessionId'
           WHEN c.page = 'NextSong' AND LENGTH(c.page) = 8 AND c.item_in_session IS NULL
               THEN 'NextSong event lacks itemInSession'
           WHEN NOT c.length ~ '^-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?$'
               THEN 'length is not a number'
           WHEN NOT c.registration ~ '^-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?$'
               THEN 'registration is not a number'
           WHEN NOT c.status ~ '^-?[0-9]{1,19}$' THEN 'status is not an integer'
           WHEN CAST(c.status AS DECIMAL(38, 0))
                NOT BETWEEN -9223372036854775808 AND 9223372036854775807
               THEN 'status is out of range'
       END AS reason
FROM copy_events AS c;
INSERT INTO staging_quarantine (source_key, line_number, load_id, reason, "raw")
SELECT NULL, NULL, :load_id, reason,
       'ts=' || COALESCE(ts, '') || ' userId=' || COALESCE(user_id, '') || ' sessionId='
       || COALESCE(session_id, '') || ' page=' || COALESCE(page, '')
FROM checked_events
WHERE reason IS NOT NULL;
INSERT INTO staging_events (source_key, line_number, load_id, artist, auth, first_name, gender,
                            item_in_session, last_name, length, level, location, method, page,
                            registration, session_id, song, status, ts, user_agent, user_id)
SELECT NULL, NULL, :load_id,
       CASE WHEN LENGTH(artist) > 0 THEN artist END,
       CASE WHEN LENGTH(auth) > 0 THEN auth END,
       CASE WHEN LENGTH(first_name) > 0 THEN first_name END,
       CASE WHEN LENGTH(gender) > 0 THEN gender END,
       CAST(item_in_session AS BIGINT),
       CASE WHEN LENGTH(last_name) > 0 THEN last_name END,
       CAST(length AS DOUBLE PRECISION),
       CASE WHEN LENGTH(level) > 0 THEN level END,
       CASE WHEN LENGTH(location) > 0 THEN location END,
       CASE WHEN LENGTH(method) > 0 THEN method END,
       page,
       CAST(registration AS DOUBLE PRECISION),
       CAST(session_id AS BIGINT),
       CASE WHEN LENGTH(song) > 0 THEN song END,
       CAST(status AS BIGINT),
       CAST(ts AS BIGINT),
       CASE WHEN LENGTH(user_agent) > 0 THEN user_agent END,
       CAST(CASE WHEN LENGTH(user_id) > 0 THEN user_id END AS BIGINT)
FROM checked_events
WHERE reason IS NULL;

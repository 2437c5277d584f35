-- checked_events: one row per event COPY accepted, with the contract rule it breaks (NULL when
-- none), in the contract's order (sparkify.records.event_row): the rules COPY cannot apply.
-- Bad ones go to quarantine, good ones to staging_events, numbers cast from their SUPER value
-- and empty text becoming NULL.
-- Numbers are SUPER (stage/01_copy_tables): JSON_TYPEOF tells a JSON number from a string
-- ("7", "") or anything else; an integer is IS_BIGINT (scale 0, 64 bits: not 7.0, not a
-- float such as 1.5e12); a number of scale 0 that is not BIGINT (Redshift keeps it as a
-- DECIMAL: 20 digits) is out of range; a float beyond DOUBLE PRECISION is not finite. An
-- absent field and a JSON null are both "no value" (COALESCE(JSON_TYPEOF(x), 'null')).
-- user_text is userId's text when it is a JSON string (a SUPER string cast to VARCHAR is its
-- value, without quotes); user_digits the same without leading zeros, which do not count
-- towards its range (as int() in the contract's Python).
-- The quarantine's "raw" shows ts, userId and sessionId as JSON (a string in quotes), each
-- only when its JSON is at most 256 bytes (JSON_SIZE): JSON_SERIALIZE fails past VARCHAR's
-- limit, JSON_SIZE does not.
-- Emptiness is LENGTH(x) = 0, never x = '' nor NULLIF(x, ''): Redshift ignores trailing blanks
-- when it compares VARCHARs, so '  ' = '' is true, while LENGTH counts them.
CREATE TEMPORARY TABLE checked_events AS
SELECT c.*,
       CASE
           WHEN c.ts IS NULL THEN 'ts is missing'
           WHEN IS_DECIMAL(c.ts) AND DECIMAL_SCALE(c.ts) = 0 AND NOT IS_BIGINT(c.ts)
               THEN 'ts is out of range'
           WHEN NOT IS_BIGINT(c.ts) THEN 'ts is not an integer'
           WHEN CAST(c.ts AS BIGINT) NOT BETWEEN -62135596800000 AND 253402300799999
               THEN 'ts is out of range'
           WHEN c.page IS NULL OR LENGTH(c.page) = 0 THEN 'page is missing'
           WHEN JSON_TYPEOF(c.user_id) IN ('boolean', 'object', 'array')
                OR NOT c.user_text ~ '^[0-9]*$'
               THEN 'userId is not a string of digits'
           WHEN LENGTH(c.user_digits) > 19
                OR (LENGTH(c.user_digits) = 19 AND c.user_digits > '9223372036854775807')
               THEN 'userId is out of range'
           WHEN IS_DECIMAL(c.user_id) AND DECIMAL_SCALE(c.user_id) = 0 AND NOT IS_BIGINT(c.user_id)
               THEN 'userId is out of range'
           WHEN JSON_TYPEOF(c.user_id) = 'number' AND NOT IS_BIGINT(c.user_id)
               THEN 'userId is not a string of digits'
           WHEN JSON_TYPEOF(c.session_id) IN ('string', 'boolean', 'object', 'array')
               THEN 'sessionId is not an integer'
           WHEN IS_DECIMAL(c.session_id) AND DECIMAL_SCALE(c.session_id) = 0
                AND NOT IS_BIGINT(c.session_id)
               THEN 'sessionId is out of range'
           WHEN JSON_TYPEOF(c.session_id) = 'number' AND NOT IS_BIGINT(c.session_id)
               THEN 'sessionId is not an integer'
           WHEN JSON_TYPEOF(c.item_in_session) IN ('string', 'boolean', 'object', 'array')
               THEN 'itemInSession is not an integer'
           WHEN IS_DECIMAL(c.item_in_session) AND DECIMAL_SCALE(c.item_in_session) = 0
                AND NOT IS_BIGINT(c.item_in_session)
               THEN 'itemInSession is out of range'
           WHEN JSON_TYPEOF(c.item_in_session) = 'number' AND NOT IS_BIGINT(c.item_in_session)
               THEN 'itemInSession is not an integer'
           WHEN c.page = 'NextSong' AND LENGTH(c.page) = 8
                AND (COALESCE(JSON_TYPEOF(c.user_id), 'null') = 'null'
                     OR LENGTH(c.user_text) = 0)
               THEN 'NextSong event lacks userId'
           WHEN c.page = 'NextSong' AND LENGTH(c.page) = 8
                AND COALESCE(JSON_TYPEOF(c.session_id), 'null') = 'null'
               THEN 'NextSong event lacks sessionId'
           WHEN c.page = 'NextSong' AND LENGTH(c.page) = 8
                AND COALESCE(JSON_TYPEOF(c.item_in_session), 'null') = 'null'
               THEN 'NextSong event lacks itemInSession'
           WHEN JSON_TYPEOF(c.length) IN ('string', 'boolean', 'object', 'array')
               THEN 'length is not a number'
           WHEN ABS(CAST(c.length AS DOUBLE PRECISION)) > 1.7976931348623157E308
               THEN 'length is not a finite number'
           WHEN JSON_TYPEOF(c.registration) IN ('string', 'boolean', 'object', 'array')
               THEN 'registration is not a number'
           WHEN ABS(CAST(c.registration AS DOUBLE PRECISION)) > 1.7976931348623157E308
               THEN 'registration is not a finite number'
           WHEN JSON_TYPEOF(c.status) IN ('string', 'boolean', 'object', 'array')
               THEN 'status is not an integer'
           WHEN IS_DECIMAL(c.status) AND DECIMAL_SCALE(c.status) = 0 AND NOT IS_BIGINT(c.status)
               THEN 'status is out of range'
           WHEN JSON_TYPEOF(c.status) = 'number' AND NOT IS_BIGINT(c.status)
               THEN 'status is not an integer'
       END AS reason
FROM (SELECT e.*,
             CASE WHEN JSON_TYPEOF(e.user_id) = 'string' THEN CAST(e.user_id AS VARCHAR(65535)) END
                 AS user_text,
             CASE WHEN JSON_TYPEOF(e.user_id) = 'string'
                  THEN REGEXP_REPLACE(CAST(e.user_id AS VARCHAR(65535)), '^0+', '') END
                 AS user_digits
      FROM copy_events AS e) AS c;
INSERT INTO staging_quarantine (source_key, line_number, load_id, reason, "raw")
SELECT NULL, NULL, :load_id, reason,
       'ts=' || COALESCE(CASE WHEN JSON_SIZE(ts) <= 256 THEN JSON_SERIALIZE(ts) END, '')
       || ' userId='
       || COALESCE(CASE WHEN JSON_SIZE(user_id) <= 256 THEN JSON_SERIALIZE(user_id) END, '')
       || ' sessionId='
       || COALESCE(CASE WHEN JSON_SIZE(session_id) <= 256 THEN JSON_SERIALIZE(session_id) END, '')
       || ' page=' || COALESCE(page, '')
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
       CASE WHEN JSON_TYPEOF(user_id) = 'number' THEN CAST(user_id AS BIGINT)
            WHEN LENGTH(user_text) > 0 THEN CAST(user_text AS BIGINT) END
FROM checked_events
WHERE reason IS NULL;

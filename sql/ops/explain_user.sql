-- explain user: the user's five latest staged events in the published files, as
-- <source_key>:<line>, in the contract's order for 'latest' (greatest ts, then greatest
-- itemInSession, NULL lowest, then smallest source_key, then smallest line_number): the first
-- gave users its attributes. No row: no such user.
SELECT e.source_key || ':' || CAST(e.line_number AS VARCHAR) AS event, e.load_id, e.ts,
       e.item_in_session, e.page, e.first_name, e.last_name, e.gender, e.level,
       CASE WHEN ROW_NUMBER() OVER (ORDER BY e.ts DESC, e.item_in_session DESC NULLS LAST,
                                             e.source_key, e.line_number) = 1
            THEN 'won: latest ts, then itemInSession, then smallest source_key, line_number'
            ELSE 'earlier' END AS outcome
FROM staging_events AS e
JOIN manifest AS m ON m.source_key = e.source_key AND m.load_id = e.load_id
WHERE e.user_id = :id
ORDER BY e.ts DESC, e.item_in_session DESC NULLS LAST, e.source_key, e.line_number
LIMIT 5;

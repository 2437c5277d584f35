-- user_latest: one row per user; key user_id. The sort key (ts, item_in_session, source_key,
-- line_number) of the user's latest event, as build/latest_events chose it, so a delta load
-- compares its own events with that one event instead of reading every earlier one.
-- Bookkeeping, not for analysts: built in the audit schema beside users, published with it.
CREATE TABLE user_latest AS
SELECT user_id, ts, item_in_session, source_key, line_number
FROM latest_events;
ALTER TABLE user_latest ADD PRIMARY KEY (user_id);

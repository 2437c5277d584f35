-- current_events, current_songs, current_quarantine, user_events: the staged rows the star is built from;
-- keys as in the staging tables. On Redshift a load replaces whole earlier loads inside its own
-- transaction, so every staged row is current; the views keep the shared transform's names.
CREATE OR REPLACE VIEW current_events AS SELECT * FROM staging_events;
CREATE OR REPLACE VIEW current_songs AS SELECT * FROM staging_songs;
CREATE OR REPLACE VIEW current_quarantine AS SELECT * FROM staging_quarantine;
CREATE OR REPLACE VIEW user_events AS
SELECT user_id, ts, item_in_session, source_key, line_number, first_name, last_name, gender,
       level
FROM staging_events
WHERE user_id IS NOT NULL;

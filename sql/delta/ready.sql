-- Whether the published star can take a delta build at all (one row, one boolean), read
-- before the load's own part (delta/eligible.sql): it has a manifest and its user_latest
-- bookkeeping, and user_levels and played_songs were built (a warehouse published before
-- they existed holds them empty: its next load builds them in full). It reads only the
-- published tables, so `--dry-run` asks it too (read-only).
SELECT EXISTS (SELECT 1 FROM manifest)
       AND to_regclass('user_latest') IS NOT NULL
       AND (EXISTS (SELECT 1 FROM user_levels) OR NOT EXISTS (SELECT 1 FROM users))
       AND (EXISTS (SELECT 1 FROM played_songs) OR NOT EXISTS (SELECT 1 FROM songplays));

-- After a full build commits, before the gate reads them: set the new rows' hint bits and
-- visibility map once, here, instead of in the first query that reads each page (measured at
-- 1M events: this takes 0.3 s and saves the quality gate 2.3 s). VACUUM runs outside a
-- transaction.
VACUUM sparkify_audit.songplays, sparkify_audit.users, sparkify_audit.songs,
       sparkify_audit.artists, sparkify_audit.time, sparkify_audit.quarantine,
       sparkify_audit.user_latest;

-- After a delta build commits: its tables, as sql/audit/vacuum.sql does for a full build.
VACUUM sparkify_audit.staging_events, sparkify_audit.songplays, sparkify_audit.users,
       sparkify_audit.time, sparkify_audit.quarantine, sparkify_audit.user_latest;

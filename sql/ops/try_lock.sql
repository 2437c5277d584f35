-- One load at a time per warehouse: a session-level advisory lock, released when the run's
-- connection closes (also when the run is killed). true when this run got it.
SELECT pg_try_advisory_lock(hashtext('sparkify-dwh-load'));

-- Whether backend :pid (the run's lock connection) holds the load lock of
-- sql/ops/try_lock.sql. Publish asks inside its own transaction, just before it applies the
-- load: no other load can take the lock between this answer and the COMMIT without waiting
-- for it (its start discards running loads, whose rows this transaction has locked).
SELECT EXISTS (
    SELECT 1
    FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND pid = :pid AND objsubid = 1
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND ((classid::BIGINT << 32) | objid::BIGINT) = hashtext('sparkify-dwh-load')::BIGINT
);

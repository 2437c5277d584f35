-- The status of load :load_id, its row locked until this transaction ends. A load writes
-- only while it is 'running': another load that took the lock (after this one's connection
-- dropped) marks it 'abandoned' first, and its discard (sql/load/discard_unpublished.sql)
-- locks the running loads' rows before it deletes, so it waits for this write to commit and
-- then removes it too.
SELECT status FROM loads WHERE load_id = :load_id FOR SHARE;

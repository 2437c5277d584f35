-- Take the load lease: one load at a time across the load's many short transactions. Under
-- LOCK loads (a second load taking it waits here, briefly), a running load whose lease ran out
-- (killed, or its connection gone for longer than the lease) is abandoned, and this load
-- becomes the running one unless another still is. 02_holder then says which it was.
LOCK loads;
UPDATE loads
SET status = 'abandoned', ended_at = GETDATE(), lease_until = NULL
WHERE status = 'running' AND lease_until < GETDATE();
INSERT INTO loads (load_id, source, full_refresh, status, started_at, lease_until)
SELECT :load_id, :source, :full_refresh, 'running', CAST(:started_at AS TIMESTAMP),
       GETDATE() + :lease_seconds * INTERVAL '1 second'
FROM (SELECT COUNT(*) AS holders FROM loads WHERE status = 'running') AS lease
WHERE holders = 0;

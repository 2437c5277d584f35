-- The heartbeat, before every step: the lease runs again for :lease_seconds from now, if this
-- load still holds it (04_lost says whether it does).
LOCK loads;
UPDATE loads
SET lease_until = GETDATE() + :lease_seconds * INTERVAL '1 second'
WHERE load_id = :load_id AND status = 'running';

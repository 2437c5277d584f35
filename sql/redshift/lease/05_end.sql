-- The lease ends with the load: :status is published (in the publish transaction) or failed.
UPDATE loads
SET status = :status, ended_at = GETDATE(), lease_until = NULL
WHERE load_id = :load_id AND status = 'running';

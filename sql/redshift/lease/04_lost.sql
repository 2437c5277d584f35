-- One row when this load no longer holds the lease (another load abandoned it after its lease
-- ran out), none while it does. The fence of every step and of the publish transaction.
-- FROM a count over loads: a query that reads a user table runs on the compute nodes.
SELECT 'lost'
FROM (SELECT COUNT(*) AS held FROM loads WHERE load_id = :load_id AND status = 'running') AS lease
WHERE held = 0;

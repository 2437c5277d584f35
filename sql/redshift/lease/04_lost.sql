-- One row when this load no longer holds the lease (another load abandoned it after its lease
-- ran out), none while it does. The fence of every step and of the publish transaction.
SELECT 'lost' WHERE NOT EXISTS (
    SELECT 1 FROM loads WHERE load_id = :load_id AND status = 'running'
);

-- The other load holding the lease (none: this load took it), with when its lease runs out.
SELECT load_id, lease_until FROM loads WHERE status = 'running' AND load_id <> :load_id;

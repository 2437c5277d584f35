-- source_days, in the publish transaction, before the manifest moves: a day the running load
-- stages for the first time gets its first load; a day whose file the load replaces by
-- different bytes gets its last replacement.
INSERT INTO source_days (day, first_loaded_at)
SELECT DISTINCT day, now()
FROM pending_manifest
WHERE day IS NOT NULL
ON CONFLICT (day) DO NOTHING;
UPDATE source_days AS d
SET last_replaced_at = now()
WHERE d.day IN (SELECT p.day
                FROM pending_manifest AS p
                JOIN manifest AS m ON m.source_key = p.source_key
                WHERE m.fingerprint <> p.fingerprint);
-- The calendar reads the latest listing only: the running load's.
DELETE FROM source_listing
WHERE load_id NOT IN (SELECT load_id FROM loads WHERE status = 'running');

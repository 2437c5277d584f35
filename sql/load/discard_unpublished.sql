-- Remove every trace of a load that did not publish: a failed one, or one killed earlier
-- (found at the start of the next run, under the warehouse lock). Published tables untouched.
-- The running loads' rows are locked first: a write still in flight from a load that lost its
-- lock (see sql/load/fence.sql) commits before the deletes below, which then remove it.
SELECT load_id FROM loads WHERE status = 'running' FOR UPDATE;
DELETE FROM staging_events WHERE load_id IN (SELECT load_id FROM loads WHERE status = 'running');
DELETE FROM staging_songs WHERE load_id IN (SELECT load_id FROM loads WHERE status = 'running');
DELETE FROM staging_quarantine
WHERE load_id IN (SELECT load_id FROM loads WHERE status = 'running');
DELETE FROM schema_drift WHERE load_id IN (SELECT load_id FROM loads WHERE status = 'running');
DELETE FROM field_nulls WHERE load_id IN (SELECT load_id FROM loads WHERE status = 'running');
DELETE FROM source_listing
WHERE load_id IN (SELECT load_id FROM loads WHERE status = 'running');
DELETE FROM pending_manifest;
UPDATE loads
SET status = :status, message = :message, ended_at = now()
WHERE status = 'running';
DROP SCHEMA IF EXISTS sparkify_audit CASCADE;

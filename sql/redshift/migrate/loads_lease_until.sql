-- loads.lease_until (see schema/01_loads) added to a loads table made before the lease; sent
-- only when migrate/loads_lease_until_missing says it is missing.
ALTER TABLE loads ADD COLUMN lease_until TIMESTAMP

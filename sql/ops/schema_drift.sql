-- The drift of one load: one row per (kind, field) that is unknown to the contract and was
-- carried, or known and missing from some records; key (kind, field).
SELECT kind, field, known, carried, records
FROM schema_drift
WHERE load_id = :load_id
  AND ((NOT known AND carried > 0) OR (known AND carried < records))
ORDER BY kind, known, field;

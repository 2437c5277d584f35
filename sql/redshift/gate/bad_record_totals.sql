-- Bad-record totals for the quarantine suite's budget (one row), as PostgreSQL's
-- ops/bad_record_totals counts them but without its aggregate FILTER clauses (Redshift has
-- none): the records read by the given load (by every current load when load_id is NULL),
-- and the bad records kept from the other current loads (none when load_id is NULL). Read =
-- rows staged + records quarantined with their line or by the checks after the COPY (a file
-- quarantined whole before the COPY is no record read), as redshift/load/05_bad_records
-- counts a load's.
SELECT
    (SELECT COUNT(*) FROM current_events
     WHERE load_id = COALESCE(CAST(:load_id AS BIGINT), load_id))
    + (SELECT COUNT(*) FROM current_songs
       WHERE load_id = COALESCE(CAST(:load_id AS BIGINT), load_id))
    + (SELECT COUNT(*) FROM current_quarantine
       WHERE load_id = COALESCE(CAST(:load_id AS BIGINT), load_id)
         AND (line_number IS NOT NULL OR source_key IS NULL)),
    (SELECT COUNT(*) FROM current_quarantine
     WHERE load_id <> COALESCE(CAST(:load_id AS BIGINT), load_id));

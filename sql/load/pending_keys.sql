-- The files the running load has staged and committed so far.
SELECT source_key FROM pending_manifest WHERE load_id = :load_id;

-- Stream the staged files of the running load into pending_manifest: one row per file of a
-- batch, committed with the files' rows. COPY, not one INSERT per file: each INSERT is parsed,
-- bound and executed on its own (~150-200 us a file on PostgreSQL 15 and 18 alike, more than
-- staging the song file itself); COPY writes a row in ~10 us.
COPY pending_manifest (
    source_key, kind, size, fingerprint, load_id, rows_staged, rows_quarantined, day, stat
) FROM STDIN
